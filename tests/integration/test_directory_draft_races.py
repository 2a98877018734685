"""Nobody's work on a directory entry is lost (issue 15, finding 2 and "no silent overwrite").

An entry has one open draft, which every Editor who opens the entry edits; a
draft remembers what visitors saw when it began, and is not published once
that has changed; a form saved after someone else changed the entry (or its
draft) is refused, naming them, with everything typed kept. Driven through the
admin's own forms, as a browser posts them (tests/helpers.py).
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from safeguarding_site.directory.models import ContactMethod, DirectoryDraft, Service, Situation
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import (
    admin_form,
    form_values,
    signed_in,
    soup,
    text_of,
    with_new_contact_method,
)
from tests.integration.test_directory_drafts import (
    NEW_NUMBER,
    NEW_TEL,
    NSPCC,
    OLD_TEL,
    act,
    draft_page,
    phone_key,
    save_as_draft,
    service_url,
    visitor_page,
)

HOURS = "Open every day, 8am to 10pm."
LATER_HOURS = "Open every day, 9am to 9pm."


def refused(response):
    """The form came back (not saved): its page, checked to say why."""
    assert response.status_code == 200, response.get("Location")
    page = soup(response)
    assert "Not saved, so that nobody’s work is lost" in text_of(page.find("form", id="service_form"))
    return page


def form_as_shown(response):
    """What a browser would post from the form that came back."""
    return form_values(soup(response).find("form", id="service_form"))


def test_one_open_draft_per_entry_is_enforced_by_the_database(service):
    kind = ContentType.objects.get_for_model(Service)
    DirectoryDraft.objects.create(content_type=kind, object_id=service.pk, title="one", data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectoryDraft.objects.create(content_type=kind, object_id=service.pk, title="two", data={})
    # New entries have no id yet: each new entry has its own draft.
    DirectoryDraft.objects.create(content_type=kind, object_id=None, title="new one", data={})
    DirectoryDraft.objects.create(content_type=kind, object_id=None, title="new two", data={})


def test_two_editors_one_after_the_other_work_on_one_draft(service):
    first, second = signed_in(EDITOR, "first@example.org"), signed_in(EDITOR, "second@example.org")
    data = admin_form(first, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    draft = save_as_draft(first, service_url(service), data)

    # The second editor opens the service: the form shows the draft, and says whose it is.
    response = second.get(service_url(service))
    note = text_of(soup(response).find(class_="entry-draft-note"))
    assert "You are editing a draft of this service, started by first@example.org" in note
    data = form_as_shown(response)
    assert data[phone_key(data)] == "08088005001"
    data["opening_hours"] = HOURS
    assert save_as_draft(second, service_url(service), data) == draft  # the same draft, updated

    draft.refresh_from_db()
    assert DirectoryDraft.objects.count() == 1
    assert draft.created_by.email == "first@example.org"
    assert draft.updated_by.email == "second@example.org"
    changes = text_of(draft_page(second, draft).find(id="content-main"))
    assert "last saved by second@example.org" in changes
    assert HOURS in changes
    assert "0808 800 5001" in changes

    assert act(signed_in(PUBLISHER), draft, "publish").status_code == 302
    page = visitor_page(f"/get-help/{NSPCC}/")
    assert NEW_TEL in page  # neither editor's change lost
    assert HOURS in page


def test_a_draft_keeps_its_new_and_removed_contact_methods_when_reopened(service):
    editor = signed_in(EDITOR)
    data = admin_form(editor, service_url(service))
    removed_prefix = next(key for key in data if key.endswith("-id") and data[key]).removesuffix("-id")
    removed = ContactMethod.objects.get(pk=data[f"{removed_prefix}-id"])
    data[f"{removed_prefix}-DELETE"] = "on"
    data = with_new_contact_method(data, "Added in the draft", "0808 800 5002")
    draft = save_as_draft(editor, service_url(service), data)

    other = signed_in(EDITOR, "other@example.org")
    again = admin_form(other, service_url(service))
    ids = {value for key, value in again.items() if key.endswith("-id") and key.startswith("contact_methods-")}
    assert str(removed.pk) not in ids  # removed in the draft: not in the form
    assert "Added in the draft" in again.values()  # added in the draft: a new row, filled in
    again["cost_notes"] = "Free from landlines and mobiles."
    draft = save_as_draft(other, service_url(service), again)
    methods = next(relation for relation in draft.data["related"] if relation["model"] == "directory.contactmethod")
    labels = [item["fields"]["label"] for item in methods["objects"]]
    assert labels.count("Added in the draft") == 1  # kept once, still new
    assert [item["pk"] for item in methods["objects"] if item["fields"]["label"] == "Added in the draft"] == [None]
    assert removed.pk not in [item["pk"] for item in methods["objects"]]
    assert ContactMethod.objects.filter(pk=removed.pk).exists()  # visitors still see it


def test_a_second_editor_whose_form_was_open_before_the_first_saved_is_refused_and_keeps_what_they_typed(service):
    first, second = signed_in(EDITOR, "first@example.org"), signed_in(EDITOR, "second@example.org")
    first_data = admin_form(first, service_url(service))
    second_data = admin_form(second, service_url(service))  # opened before the first editor saves
    first_data[phone_key(first_data)] = NEW_NUMBER
    draft = save_as_draft(first, service_url(service), first_data)

    second_data["opening_hours"] = HOURS
    second_data = with_new_contact_method(second_data, "Typed by the second editor", "0808 800 5003")
    page = refused(second.post(service_url(service), second_data))
    message = text_of(page.find(class_="errorlist"))
    assert "first@example.org saved the draft of this service" in message
    assert page.find("a", href=f"/admin/directory/directorydraft/{draft.pk}/change/")
    # Everything typed is still there: the field and the new contact method.
    assert page.find("textarea", attrs={"name": "opening_hours"}) or page.find(
        "input", attrs={"name": "opening_hours", "value": HOURS}
    )
    assert HOURS in str(page.find("form", id="service_form"))
    assert page.find("input", attrs={"value": "Typed by the second editor"})
    draft.refresh_from_db()
    assert draft.updated_by.email == "first@example.org"  # the first editor's draft untouched
    assert "Typed by the second editor" not in str(draft.data)

    # Saving the form that came back is a deliberate choice: it goes into the same draft.
    again = form_values(page.find("form", id="service_form"))
    assert save_as_draft(second, service_url(service), again) == draft
    draft.refresh_from_db()
    assert draft.updated_by.email == "second@example.org"
    assert "Typed by the second editor" in str(draft.data)
    assert DirectoryDraft.objects.count() == 1


def test_an_editors_save_after_a_publishers_live_save_is_refused_naming_the_publisher(service):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    editor_data = admin_form(editor, service_url(service))
    live = admin_form(publisher, service_url(service))
    live["opening_hours"] = LATER_HOURS
    assert publisher.post(service_url(service), live).status_code == 302

    editor_data["cost_notes"] = "Typed by the editor."
    page = refused(editor.post(service_url(service), editor_data))
    message = text_of(page.find(class_="errorlist"))
    assert "publisher@example.org changed what visitors see of this service" in message
    assert page.find("input", attrs={"name": "cost_notes", "value": "Typed by the editor."})
    assert not DirectoryDraft.objects.exists()

    draft = save_as_draft(editor, service_url(service), form_values(page.find("form", id="service_form")))
    assert draft.base["object"]["fields"]["opening_hours"] == LATER_HOURS  # it starts from the publisher's change


def test_a_publishers_save_after_another_change_is_refused_and_keeps_what_they_typed(service):
    first, second = signed_in(PUBLISHER, "first-publisher@example.org"), signed_in(PUBLISHER)
    second_data = admin_form(second, service_url(service))
    first_data = admin_form(first, service_url(service))
    first_data[phone_key(first_data)] = NEW_NUMBER
    assert first.post(service_url(service), first_data).status_code == 302

    second_data["opening_hours"] = LATER_HOURS
    page = refused(second.post(service_url(service), second_data))
    assert "first-publisher@example.org changed what visitors see of this service" in text_of(
        page.find(class_="errorlist")
    )
    assert page.find("a", href=f"/admin/directory/service/{service.pk}/history/")
    assert LATER_HOURS in str(page.find("form", id="service_form"))
    assert NEW_TEL in visitor_page(f"/get-help/{NSPCC}/")  # the first publisher's change stands

    # Saving again, knowing of it, is live.
    response = second.post(service_url(service), form_values(page.find("form", id="service_form")))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.opening_hours == LATER_HOURS


def test_a_publishers_save_refused_after_a_draft_was_published_meanwhile(service):
    """Also: a Publisher's live save is not refused for a draft saved meanwhile (it overwrites no draft)."""
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    data = admin_form(editor, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    draft = save_as_draft(editor, service_url(service), data)
    live = admin_form(publisher, service_url(service))
    assert act(signed_in(PUBLISHER, "other-publisher@example.org"), draft, "publish").status_code == 302

    live["opening_hours"] = LATER_HOURS
    message = text_of(refused(publisher.post(service_url(service), live)).find(class_="errorlist"))
    assert "other-publisher@example.org changed what visitors see" in message
    assert "Published the draft by editor@example.org" in message
    assert NEW_TEL in visitor_page(f"/get-help/{NSPCC}/")


def test_a_stale_draft_is_not_published_and_its_page_shows_both_changes(service):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    data = admin_form(editor, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    draft = save_as_draft(editor, service_url(service), data)

    # A publisher's live save while the draft waits: they are told of the draft, before and after.
    response = publisher.get(service_url(service))
    note = text_of(soup(response).find(class_="entry-draft-note"))
    assert "A draft of this service is waiting for a publisher: started by editor@example.org" in note
    live = form_as_shown(response)
    live["opening_hours"] = LATER_HOURS
    response = publisher.post(service_url(service), live, follow=True)
    messages = text_of(soup(response).find(class_="messagelist"))
    assert "A draft of this service by editor@example.org began before it" in messages

    # Its page compares both changes with where the draft began, and offers no Publish.
    page = draft_page(publisher, draft)
    content = text_of(page.find(id="content-main"))
    assert "This draft is out of date" in content
    assert "publisher@example.org" in text_of(page.find(class_="draft-out-of-date"))
    sections = {text_of(section.h2): text_of(section) for section in page.find_all("section", class_="draft-changes")}
    since = sections["What changed for visitors since this draft began"]
    ours = sections["What this draft changes"]
    assert LATER_HOURS in since
    assert "0808 800 5001" not in since
    assert "0808 800 5001" in ours
    assert LATER_HOURS not in ours
    assert not page.find("button", string="Publish this draft")

    # Publishing it anyway (a form posted from an older page) is refused, and changes nothing.
    response = publisher.post(
        f"/admin/directory/directorydraft/{draft.pk}/change/",
        {"action": "publish", "seen": page.find("input", attrs={"name": "seen"})["value"]},
        follow=True,
    )
    assert "Not published: What visitors see has changed since this draft began" in text_of(
        soup(response).find(class_="messagelist")
    )
    visitors = visitor_page(f"/get-help/{NSPCC}/")
    assert OLD_TEL in visitors
    assert LATER_HOURS in visitors
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()

    # An editor reopens it: the draft's change on top of what visitors see now.
    response = editor.get(service_url(service))
    assert "What visitors see has changed since this draft began" in text_of(
        soup(response).find(class_="entry-draft-note")
    )
    reopened = form_as_shown(response)
    assert reopened[phone_key(reopened)] == "08088005001"
    assert reopened["opening_hours"] == LATER_HOURS
    assert save_as_draft(editor, service_url(service), reopened) == draft

    # Up to date now: it starts from what visitors see, and publishing keeps both changes.
    page = draft_page(publisher, draft)
    assert "out of date" not in text_of(page)
    assert page.find("button", string="Publish this draft")
    assert act(publisher, draft, "publish").status_code == 302
    visitors = visitor_page(f"/get-help/{NSPCC}/")
    assert NEW_TEL in visitors
    assert LATER_HOURS in visitors


def test_a_publisher_discards_a_stale_draft(service):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    data = admin_form(editor, service_url(service))
    draft = save_as_draft(editor, service_url(service), data | {"cost_notes": "Changed in a draft."})
    Service.objects.filter(pk=service.pk).update(opening_hours=LATER_HOURS)  # even a change made outside the admin
    assert "This draft is out of date" in text_of(draft_page(publisher, draft))
    assert act(publisher, draft, "discard").status_code == 302
    assert not DirectoryDraft.objects.exists()


def test_publishing_a_draft_saved_again_after_the_publisher_looked_is_refused(service):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    data = admin_form(editor, service_url(service))
    draft = save_as_draft(editor, service_url(service), data | {"cost_notes": "First wording."})
    page = draft_page(publisher, draft)  # the publisher reads the draft...
    again = admin_form(editor, service_url(service))
    save_as_draft(editor, service_url(service), again | {"cost_notes": "Second wording, not yet checked."})

    response = publisher.post(  # ... and presses Publish on the page they read
        f"/admin/directory/directorydraft/{draft.pk}/change/",
        {"action": "publish", "seen": page.find("input", attrs={"name": "seen"})["value"]},
        follow=True,
    )
    assert "Not published: editor@example.org saved this draft again" in text_of(
        soup(response).find(class_="messagelist")
    )
    service.refresh_from_db()
    assert service.cost_notes != "Second wording, not yet checked."
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()


def test_an_editors_save_says_one_thing(service):
    editor = signed_in(EDITOR)
    data = admin_form(editor, service_url(service))
    response = editor.post(service_url(service), data | {"cost_notes": "Changed."}, follow=True)
    messages = [text_of(item) for item in soup(response).find(class_="messagelist").find_all("li")]
    assert messages == ["Saved as a draft. Visitors see no change until a publisher publishes it."]


def test_the_same_as_visitors_see_now_only_when_nothing_differs(service):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    data = admin_form(editor, service_url(service))
    draft = save_as_draft(editor, service_url(service), with_new_contact_method(data, "Extra", "0808 800 5002"))
    content = text_of(draft_page(publisher, draft).find(id="content-main"))
    assert "Added: Phone: 0808 800 5002" in content
    assert "same as" not in content

    act(publisher, draft, "discard")
    draft = save_as_draft(editor, service_url(service), admin_form(editor, service_url(service)))
    content = text_of(draft_page(publisher, draft).find(id="content-main"))
    assert "Nothing: this draft is the same as what visitors see now." in content


def test_steps_are_compared_as_words_not_html(site_content):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    situation = Situation.objects.get(slug="child-in-danger-now")
    url = f"/admin/directory/situation/{situation.pk}/change/"
    data = admin_form(editor, url)
    body = next(key for key in data if key.startswith("steps-") and key.endswith("-body") and data[key])
    before = situation.steps.get(pk=data[body.replace("-body", "-id")]).body
    assert before.startswith("<p>")
    data[body] = "<p>Call <strong>999</strong> first, then stay with the child.</p>"
    draft = save_as_draft(editor, url, data)
    page = draft_page(publisher, draft)
    content = text_of(page.find(id="content-main"))
    assert "Call 999 first, then stay with the child." in content
    assert "<p>" not in content
    assert "<strong>" not in content
    assert text_of(BeautifulSoup(before, "html.parser")) in content  # the words before, as words


def test_a_draft_that_now_clashes_opens_with_a_message_not_an_error_page(service):
    editor = signed_in(EDITOR)
    data = admin_form(editor, service_url(service))
    save_as_draft(editor, service_url(service), data | {"slug": "nspcc-new-address"})
    Service.objects.filter(slug="childline").update(slug="nspcc-new-address")  # meanwhile, live
    response = editor.get(service_url(service))
    assert response.status_code == 200
    messages = text_of(soup(response).find(class_="messagelist"))
    assert "The draft could not be shown in this form" in messages


def test_a_publishers_live_save_goes_through_when_only_a_draft_was_saved_meanwhile(service):
    editor, publisher = signed_in(EDITOR), signed_in(PUBLISHER)
    live = admin_form(publisher, service_url(service))
    save_as_draft(editor, service_url(service), admin_form(editor, service_url(service)) | {"cost_notes": "Drafted."})
    response = publisher.post(service_url(service), live | {"opening_hours": LATER_HOURS}, follow=True)
    assert "A draft of this service by editor@example.org began before it" in text_of(
        soup(response).find(class_="messagelist")
    )
    service.refresh_from_db()
    assert service.opening_hours == LATER_HOURS
