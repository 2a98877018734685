"""An Editor's change to a directory entry is a draft until a Publisher publishes it.

Directory entries and "What should I do?" steps are not django CMS pages, so
djangocms-versioning does not draft them; directory/drafts.py does. Driven
through the admin as a browser would: an Editor saves, visitors see no
change, a Publisher compares the draft with what visitors see and publishes
or discards it.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from reversion.models import Version

from safeguarding_site.directory.models import ContactMethod, DirectoryDraft, Service, Situation
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import (
    admin_form,
    make_user,
    publish_anyway,
    signed_in_client,
    soup,
    text_of,
    with_new_contact_method,
)

NSPCC = "nspcc-helpline"
OLD_TEL = "tel:+448088005000"
NEW_NUMBER = "0808 800 5001"
NEW_TEL = "tel:+448088005001"


def service_url(service):
    return f"/admin/directory/service/{service.pk}/change/"


def phone_key(data):
    return next(key for key, value in data.items() if key.endswith("-kind") and value == "phone").replace(
        "-kind", "-value"
    )


def save_as_draft(client, url, data):
    """Post an entry's form as an Editor: the answer leads to the new draft's page."""
    response = client.post(url, data)
    assert response.status_code == 302, soup(response).find(class_="errorlist")
    draft = DirectoryDraft.objects.latest("pk")
    assert response["Location"] == f"/admin/directory/directorydraft/{draft.pk}/change/"
    return draft


def visitor_page(path):
    return Client().get(path).content.decode()


def draft_page(client, draft):
    response = client.get(f"/admin/directory/directorydraft/{draft.pk}/change/")
    assert response.status_code == 200
    return soup(response)


def act(client, draft, action):
    """Press Publish or Discard on the draft's page, as the page shows it now (or post it anyway: a forged form)."""
    url = f"/admin/directory/directorydraft/{draft.pk}/change/"
    page = client.get(url)
    seen = soup(page).find("input", attrs={"name": "seen"}) if page.status_code == 200 else None
    return publish_anyway(client, client.post(url, {"action": action, "seen": seen["value"] if seen else ""}))


def test_an_editors_change_waits_for_a_publisher(editor, publisher):
    service = Service.objects.get(slug=NSPCC)
    versions = Version.objects.get_for_object(service).count()
    data = admin_form(editor, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    draft = save_as_draft(editor, service_url(service), data)

    # Visitors, and the database behind them, see no change; nor does the history.
    assert OLD_TEL in visitor_page(f"/get-help/{NSPCC}/")
    assert NEW_TEL not in visitor_page("/get-help/")
    assert service.contact_methods.filter(value__contains="5001").count() == 0
    assert Version.objects.get_for_object(service).count() == versions
    assert draft.created_by.email == "editor@example.org"
    assert draft.object_id == service.pk

    # The draft's page says what would change; the editor cannot publish it.
    page = draft_page(editor, draft)
    changes = text_of(page.find(id="content-main"))
    assert "08088005000" in changes.replace(" ", "")
    assert "08088005001" in changes.replace(" ", "")
    assert not page.find("button", string="Publish this draft")
    assert act(editor, draft, "publish").status_code == 403
    assert OLD_TEL in visitor_page(f"/get-help/{NSPCC}/")

    # A publisher compares, publishes: the next visitor gets the new number.
    assert draft_page(publisher, draft).find("button", string="Publish this draft")
    response = act(publisher, draft, "publish")
    assert response.status_code == 302
    assert NEW_TEL in visitor_page(f"/get-help/{NSPCC}/")
    assert not DirectoryDraft.objects.filter(pk=draft.pk).exists()
    latest = Version.objects.get_for_object(service).first()
    assert latest.revision.user.email == "publisher@example.org"
    assert "editor@example.org" in latest.revision.comment
    logged = LogEntry.objects.filter(object_id=str(service.pk), content_type__model="service").latest("pk")
    assert logged.user.email == "publisher@example.org"
    assert logged.change_message == "Published a draft by editor@example.org."


def test_a_draft_adds_and_removes_contact_methods_exactly(editor, publisher):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(editor, service_url(service))
    removed_prefix = next(key for key in data if key.endswith("-id")).removesuffix("-id")
    removed = ContactMethod.objects.get(pk=data[f"{removed_prefix}-id"])
    data[f"{removed_prefix}-DELETE"] = "on"
    data = with_new_contact_method(data, "Added in a draft", "0808 800 5002")
    before = sorted(service.contact_methods.values_list("pk", flat=True))
    draft = save_as_draft(editor, service_url(service), data)
    assert sorted(service.contact_methods.values_list("pk", flat=True)) == before  # nothing changed yet

    changes = text_of(draft_page(publisher, draft).find(id="content-main"))
    assert f"Removed: {removed}" in changes
    assert "Added: Phone: 0808 800 5002" in changes

    assert act(publisher, draft, "publish").status_code == 302
    labels = set(service.contact_methods.values_list("label", flat=True))
    assert "Added in a draft" in labels
    assert not ContactMethod.objects.filter(pk=removed.pk).exists()
    assert service.contact_methods.count() == len(before)


def test_a_new_service_is_a_draft_until_published(editor, publisher):
    url = "/admin/directory/service/add/"
    data = admin_form(editor, url) | {
        "name": "Local Family Help",
        "slug": "local-family-help",
        "who_for": "Parents in the area who want to talk to someone.",
        "source_name": "the council's website",
        "last_checked": "2026-11-01",
        "contact_methods-TOTAL_FORMS": "1",
        "contact_methods-0-kind": "phone",
        "contact_methods-0-value": "0808 800 5003",
        "contact_methods-0-position": "0",
    }
    draft = save_as_draft(editor, url, data)
    assert draft.object_id is None
    assert str(draft) == "New entry: Local Family Help"
    assert not Service.objects.filter(slug="local-family-help").exists()
    assert Client().get("/get-help/local-family-help/").status_code == 404

    assert act(publisher, draft, "publish").status_code == 302
    service = Service.objects.get(slug="local-family-help")
    assert list(service.contact_methods.values_list("value", flat=True)) == ["08088005003"]
    assert Client().get("/get-help/local-family-help/").status_code == 200


def test_a_form_with_errors_makes_no_draft(editor):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(editor, service_url(service))
    data[phone_key(data)] = "not a number"
    response = editor.post(service_url(service), data)
    assert response.status_code == 200
    assert soup(response).find(class_="errorlist")
    assert not DirectoryDraft.objects.exists()


def test_a_publishers_own_change_is_live_at_once(publisher):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(publisher, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    assert publisher.post(service_url(service), data)["Location"] == "/admin/directory/service/"
    assert NEW_TEL in visitor_page(f"/get-help/{NSPCC}/")
    assert not DirectoryDraft.objects.exists()


def test_editors_cannot_go_around_drafts(editor, publisher):
    service = Service.objects.get(slug=NSPCC)
    assert editor.get("/admin/directory/service/recover/").status_code == 403
    first = Version.objects.get_for_object(service).first()
    assert editor.get(f"/admin/directory/service/{service.pk}/history/{first.pk}/").status_code == 403
    # Positions are edited from the situations' list by publishers only.
    listing = soup(editor.get("/admin/directory/situation/"))
    assert not listing.find("input", attrs={"name": lambda name: name and name.endswith("-position")})
    listing = soup(publisher.get("/admin/directory/situation/"))
    assert listing.find("input", attrs={"name": lambda name: name and name.endswith("-position")})
    # Nor do editors get links they could not follow: to revert, or to recover.
    history = f"/admin/directory/service/{service.pk}/history/"
    revert_link = {"href": f"{history}{first.pk}/"}
    assert not soup(editor.get(history)).find("a", attrs=revert_link)
    assert soup(publisher.get(history)).find("a", attrs=revert_link)
    assert not soup(editor.get("/admin/directory/service/")).find("a", class_="recoverlink")
    assert soup(publisher.get("/admin/directory/service/")).find("a", class_="recoverlink")
    # A service cannot be added or changed in a pop-up from a situation's screen.
    situation = f"/admin/directory/situation/{Situation.objects.first().pk}/change/"
    assert not soup(editor.get(situation)).find("a", class_="add-related")
    assert soup(publisher.get(situation)).find("a", class_="add-related")


def test_only_its_editor_or_a_publisher_discards_a_draft(site_content):
    author, other = make_user(EDITOR), make_user(EDITOR, "other-editor@example.org")
    service = Service.objects.get(slug=NSPCC)
    client = signed_in_client(author)
    data = admin_form(client, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    draft = save_as_draft(client, service_url(service), data)
    assert act(signed_in_client(other), draft, "discard").status_code == 403
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()
    assert act(client, draft, "discard").status_code == 302
    assert not DirectoryDraft.objects.filter(pk=draft.pk).exists()
    assert OLD_TEL in visitor_page(f"/get-help/{NSPCC}/")


def test_a_draft_that_now_clashes_is_not_published_and_changes_nothing(editor, publisher):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(editor, service_url(service))
    data[phone_key(data)] = NEW_NUMBER
    data["slug"] = "nspcc-helpline-new"
    draft = save_as_draft(editor, service_url(service), data)
    Service.objects.filter(slug="childline").update(slug="nspcc-helpline-new")  # meanwhile, live

    response = act(publisher, draft, "publish")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/directory/directorydraft/{draft.pk}/change/"
    messages = text_of(soup(publisher.get(response["Location"])).find(class_="messagelist"))
    assert "Not published" in messages
    assert "Web address (last part) already exists" in messages
    assert OLD_TEL in visitor_page(f"/get-help/{NSPCC}/")
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()


def test_a_draft_of_an_entry_deleted_since_cannot_be_published(editor, publisher):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(editor, service_url(service))
    draft = save_as_draft(editor, service_url(service), data)
    service.delete()
    page = draft_page(publisher, draft)
    assert "has been deleted since the draft was made" in text_of(page)
    assert not page.find("button", string="Publish this draft")
    act(publisher, draft, "publish")
    assert not Service.objects.filter(slug=NSPCC).exists()


def test_a_draft_of_a_situations_steps_reaches_the_guidance_page_once_published(editor, publisher):
    situation = Situation.objects.filter(steps__isnull=False).first()
    url = f"/admin/directory/situation/{situation.pk}/change/"
    data = admin_form(editor, url)
    body = next(key for key in data if key.startswith("steps-") and key.endswith("-body"))
    data[body] = "Write down what you saw, with the date, for the police."
    draft = save_as_draft(editor, url, data)
    page = f"/what-should-i-do/{situation.slug}/"
    assert "Write down what you saw, with the date" not in visitor_page(page)
    assert "Write down what you saw, with the date" in text_of(draft_page(publisher, draft))
    assert act(publisher, draft, "publish").status_code == 302
    assert "Write down what you saw, with the date" in visitor_page(page)


def test_drafts_waiting_are_on_the_dashboard_and_in_the_toolbar(editor, publisher):
    service = Service.objects.get(slug=NSPCC)
    draft = save_as_draft(editor, service_url(service), admin_form(editor, service_url(service)))
    drafts = soup(publisher.get("/admin/dashboard/")).find("ul", class_="dashboard-drafts")
    assert drafts.find("a", href=f"/admin/directory/directorydraft/{draft.pk}/change/")
    assert "editor@example.org" in text_of(drafts)
    assert "/admin/directory/directorydraft/" in publisher.get("/").content.decode()  # the toolbar's Directory menu


ADD_SITUATION = "/admin/directory/situation/add/"


def new_situation_form(client):
    """The add form of a situation, filled in with one service (the NSPCC's) and one step."""
    stage = next(iter(dict(Situation.steps.rel.related_model._meta.get_field("stage").choices)))
    return admin_form(client, ADD_SITUATION) | {
        "title": "I found worrying messages on a child's phone",
        "slug": "worrying-messages",
        "position": "20",
        "service_links-TOTAL_FORMS": "1",
        "service_links-0-service": str(Service.objects.get(slug=NSPCC).pk),
        "service_links-0-position": "0",
        "steps-TOTAL_FORMS": "1",
        "steps-0-stage": stage,
        "steps-0-position": "1",
        "steps-0-body": "Keep the phone as it is and do not reply to the messages.",
    }


def test_a_new_situation_with_services_and_steps_is_a_draft_until_published(editor, publisher):
    url = ADD_SITUATION
    data = new_situation_form(editor)
    draft = save_as_draft(editor, url, data)
    assert not Situation.objects.filter(slug="worrying-messages").exists()
    changes = text_of(draft_page(publisher, draft).find(id="content-main"))
    assert "Added: I found worrying messages on a child's phone: NSPCC Helpline" in changes
    assert act(publisher, draft, "publish").status_code == 302
    situation = Situation.objects.get(slug="worrying-messages")
    assert list(situation.services.values_list("slug", flat=True)) == [NSPCC]
    assert situation.steps.get().body == "Keep the phone as it is and do not reply to the messages."


def test_a_draft_naming_a_service_deleted_since_says_so_and_is_not_published(editor, publisher):
    situation = Situation.objects.filter(service_links__isnull=False).first()
    url = f"/admin/directory/situation/{situation.pk}/change/"
    data = admin_form(editor, url)
    key = next(key for key in data if key.startswith("service_links-") and key.endswith("-position"))
    data[key] = "99"
    draft = save_as_draft(editor, url, data)
    service_id = data[key.replace("-position", "-service")]
    Service.objects.filter(pk=service_id).delete()
    changes = text_of(draft_page(publisher, draft).find(id="content-main"))
    assert "deleted since the draft was made" in changes
    response = act(publisher, draft, "publish")
    assert response["Location"] == f"/admin/directory/directorydraft/{draft.pk}/change/"
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
@pytest.mark.parametrize(
    ("number", "message"),
    [("0800 555 11", "Enter a UK phone number"), ("0909 879 0000", "cannot be listed")],
)
def test_a_number_one_digit_short_or_premium_rate_is_refused_for_both_roles(site_content, role, number, message):
    client = signed_in_client(make_user(role))
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(client, service_url(service))
    data[phone_key(data)] = number
    response = client.post(service_url(service), data)
    assert response.status_code == 200
    errors = text_of(soup(response).find("form", id="service_form"))
    assert message in errors
    assert not DirectoryDraft.objects.exists()
    assert OLD_TEL in visitor_page(f"/get-help/{NSPCC}/")
    # What the editor typed is still in the form.
    assert soup(response).find("input", attrs={"name": phone_key(data), "value": number})
