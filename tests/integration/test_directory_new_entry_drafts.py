"""A draft of a new directory entry can be reopened, like a draft of an existing one (issue 15).

An Editor's new service or situation is a draft (it has no entry yet). The
Editor, or another, gets back to it from the draft's page, the list of
services or situations, or the dashboard, and saving updates that same draft;
a Publisher publishes or discards it as any other. Driven through the admin's
own forms, as a browser posts them (tests/helpers.py).
"""

from django.test import Client

from safeguarding_site.directory.models import DirectoryDraft, Service, Situation
from safeguarding_site.editors.roles import EDITOR
from tests.helpers import admin_form, form_values, make_user, signed_in_client, soup, text_of
from tests.integration.test_directory_drafts import (
    ADD_SITUATION,
    NSPCC,
    act,
    draft_page,
    new_situation_form,
    save_as_draft,
)

ADD_SERVICE = "/admin/directory/service/add/"
NEW_SERVICE = {
    "name": "Local Family Help",
    "slug": "local-family-help",
    "who_for": "Parents in the area who want to talk to someone.",
    "source_name": "the council's website",
    "last_checked": "2026-11-01",
    "contact_methods-TOTAL_FORMS": "1",
    "contact_methods-0-kind": "phone",
    "contact_methods-0-label": "Call the family line",
    "contact_methods-0-value": "0808 800 5003",
    "contact_methods-0-position": "0",
}
LATER_WHO_FOR = "Parents and carers in the area who are worried about a child."


def new_service_draft(client):
    return save_as_draft(client, ADD_SERVICE, admin_form(client, ADD_SERVICE) | NEW_SERVICE)


def reopen_link(client, draft):
    """The draft page's "Open the draft to change it" link."""
    link = draft_page(client, draft).find("a", string="Open the draft to change it")
    assert link is not None, "no way back to the draft from its page"
    return link["href"]


def test_an_editor_reopens_their_new_service_and_saving_updates_the_same_draft(editor, publisher):
    draft = new_service_draft(editor)
    url = reopen_link(editor, draft)

    # The form shows the draft, says so, and carries its contact method.
    response = editor.get(url)
    assert response.status_code == 200
    page = soup(response)
    assert "You are editing a draft of this service" in text_of(page.find(class_="entry-draft-note"))
    data = form_values(page.find("form", id="service_form"))
    assert data["name"] == "Local Family Help"
    assert data["who_for"] == NEW_SERVICE["who_for"]
    assert data["last_checked"] == "2026-11-01"
    assert "Call the family line" in data.values()
    assert "08088005003" in [str(value).replace(" ", "") for value in data.values()]

    data["who_for"] = LATER_WHO_FOR
    assert save_as_draft(editor, url, data) == draft  # the same draft, not a second one
    assert DirectoryDraft.objects.count() == 1
    draft.refresh_from_db()
    assert draft.object_id is None
    assert draft.data["object"]["fields"]["who_for"] == LATER_WHO_FOR
    methods = draft.data["related"][0]["objects"]
    assert [item["fields"]["label"] for item in methods] == ["Call the family line"]  # kept once
    assert not Service.objects.filter(slug="local-family-help").exists()  # still nothing for visitors

    # A publisher reviews it as any draft, and publishes it.
    changes = text_of(draft_page(publisher, draft).find(id="content-main"))
    assert LATER_WHO_FOR in changes
    assert act(publisher, draft, "publish").status_code == 302
    service = Service.objects.get(slug="local-family-help")
    assert service.who_for == LATER_WHO_FOR
    assert list(service.contact_methods.values_list("label", flat=True)) == ["Call the family line"]
    assert Client().get("/get-help/local-family-help/").status_code == 200


def test_the_list_of_services_and_the_dashboard_lead_back_to_a_new_service_draft(editor, publisher):
    draft = new_service_draft(editor)
    url = reopen_link(editor, draft)
    listing = soup(editor.get("/admin/directory/service/"))
    waiting = listing.find(class_="new-entry-drafts")
    assert waiting is not None, "the list of services does not show the new service's draft"
    assert "Local Family Help" in text_of(waiting)
    assert waiting.find("a", href=url)
    assert waiting.find("a", href=f"/admin/directory/directorydraft/{draft.pk}/change/")
    dashboard = soup(editor.get("/admin/dashboard/")).find("ul", class_="dashboard-drafts")
    assert dashboard.find("a", href=f"/admin/directory/directorydraft/{draft.pk}/change/")

    # A publisher sees it too, and can discard it: it is gone from the list.
    assert soup(publisher.get("/admin/directory/service/")).find(class_="new-entry-drafts")
    assert act(publisher, draft, "discard").status_code == 302
    assert not soup(editor.get("/admin/directory/service/")).find(class_="new-entry-drafts")


def test_a_second_editor_saving_a_new_draft_after_the_first_is_refused_and_keeps_what_they_typed(site_content):
    first = signed_in_client(make_user(EDITOR, "first@example.org"))
    second = signed_in_client(make_user(EDITOR, "second@example.org"))
    draft = new_service_draft(first)
    url = reopen_link(first, draft)
    first_data, second_data = admin_form(first, url), admin_form(second, url)
    first_data["who_for"] = LATER_WHO_FOR
    assert save_as_draft(first, url, first_data) == draft

    second_data["cost_notes"] = "Typed by the second editor."
    response = second.post(url, second_data)
    assert response.status_code == 200
    page = soup(response)
    message = text_of(page.find(class_="errorlist"))
    assert "Not saved, so that nobody’s work is lost" in message
    assert "first@example.org saved the draft of this service" in message
    assert page.find("input", attrs={"name": "cost_notes", "value": "Typed by the second editor."})
    draft.refresh_from_db()
    assert draft.data["object"]["fields"]["who_for"] == LATER_WHO_FOR  # the first editor's save kept

    again = form_values(page.find("form", id="service_form"))
    assert save_as_draft(second, url, again) == draft  # saving again, knowing, updates the same draft
    assert DirectoryDraft.objects.count() == 1


def test_a_new_draft_published_or_discarded_meanwhile_is_said_plainly(editor, publisher):
    draft = new_service_draft(editor)
    url = reopen_link(editor, draft)
    data = admin_form(editor, url)
    assert act(publisher, draft, "discard").status_code == 302

    # Opening it again: a plain message, not an empty form or an error page.
    response = editor.get(url)
    assert response.status_code == 302
    messages = text_of(soup(editor.get(response["Location"])).find(class_="messagelist"))
    assert "no longer there" in messages

    # Saving a form opened before: refused, with what was typed kept.
    data["who_for"] = LATER_WHO_FOR
    response = editor.post(url, data)
    assert response.status_code == 200
    message = text_of(soup(response).find(class_="errorlist"))
    assert "the draft of this service was published or discarded" in message
    assert not DirectoryDraft.objects.exists()


def test_a_publisher_is_not_sent_into_a_new_draft_and_an_unknown_draft_is_no_error(editor, publisher):
    draft = new_service_draft(editor)
    assert not draft_page(publisher, draft).find("a", string="Open the draft to change it")
    assert draft_page(publisher, draft).find("button", string="Publish this draft")
    for wrong in ("999999", "x", ""):
        response = editor.get(f"{ADD_SERVICE}?draft={wrong}")
        assert response.status_code in (200, 302)
    # A draft of a change to an existing service is not opened as a new one.
    nspcc = Service.objects.get(slug=NSPCC)
    change = f"/admin/directory/service/{nspcc.pk}/change/"
    other = save_as_draft(editor, change, admin_form(editor, change))
    assert editor.get(f"{ADD_SERVICE}?draft={other.pk}").status_code == 302


def test_an_editor_reopens_a_new_situation_with_its_services_and_steps(editor, publisher):
    url = ADD_SITUATION
    nspcc = Service.objects.get(slug=NSPCC)
    data = new_situation_form(editor)
    draft = save_as_draft(editor, url, data)
    again_url = reopen_link(editor, draft)
    again = admin_form(editor, again_url)
    assert again["title"] == "I found worrying messages on a child's phone"
    assert again["service_links-0-service"] == str(nspcc.pk)
    assert "Keep the phone as it is" in again["steps-0-body"]
    again["steps-0-body"] = "Keep the phone as it is. Do not reply to the messages."
    assert save_as_draft(editor, again_url, again) == draft
    assert DirectoryDraft.objects.count() == 1

    assert act(publisher, draft, "publish").status_code == 302
    situation = Situation.objects.get(slug="worrying-messages")
    assert list(situation.services.values_list("slug", flat=True)) == [NSPCC]
    assert [step.body for step in situation.steps.all()] == ["Keep the phone as it is. Do not reply to the messages."]
