"""Reverting or recovering a directory entry never silently undoes a change made after its screen was opened (issue 15).

A Publisher opens an earlier version from the entry's history; if someone
else changes what visitors see of the entry (a save, or a published draft)
before they save it, the revert is refused, naming who changed what, and the
Publisher can look again. Driven through the admin's own forms (tests/helpers.py).
"""

from django.test import Client
from reversion.models import Version

from safeguarding_site.directory.models import Service, Situation
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import admin_form, form_values, signed_in, soup, text_of
from tests.integration.test_directory_drafts import NEW_NUMBER, NSPCC, act, phone_key, save_as_draft, service_url

OTHER_NUMBER = "0808 800 5002"
OTHER_TEL = "tel:+448088005002"
LATER_HOURS = "Open every day, 9am to 9pm."


def change_live(client, service, **changes):
    data = admin_form(client, service_url(service))
    for key, value in changes.items():
        data[phone_key(data) if key == "phone" else key] = value
    response = client.post(service_url(service), data)
    assert response.status_code == 302, soup(response).find(class_="errorlist")


def revert_url(service, version):
    return f"/admin/directory/service/{service.pk}/history/{version.pk}/"


def first_version(entry):
    return Version.objects.get_for_object(entry).order_by("pk").first()


def visitor_page():
    return Client().get(f"/get-help/{NSPCC}/").content.decode()


def refused(response, not_done, who, service):
    """The form again, saying who changed the service meanwhile, with a link to its history."""
    assert response.status_code == 200, response.get("Location")
    page = soup(response)
    message = text_of(page.find(class_="errorlist"))
    assert not_done in message
    assert f"{who} changed what visitors see of this service" in message
    assert page.find("a", href=f"/admin/directory/service/{service.pk}/history/")  # to look again
    return page


def test_a_revert_after_another_publishers_change_is_refused_naming_them(service):
    reverting = signed_in(PUBLISHER)
    other = signed_in(PUBLISHER, "other-publisher@example.org")
    change_live(reverting, service, phone=NEW_NUMBER)
    url = revert_url(service, first_version(service))
    data = admin_form(reverting, url)  # the revert screen, opened

    change_live(other, service, opening_hours=LATER_HOURS, phone=OTHER_NUMBER)  # meanwhile
    versions = Version.objects.get_for_object(service).count()

    page = refused(reverting.post(url, data), "Not reverted", "other-publisher@example.org", service)
    # Nothing lost: visitors still see the other publisher's change, and no version was made.
    page_now = visitor_page()
    assert OTHER_TEL in page_now
    service.refresh_from_db()
    assert service.opening_hours == LATER_HOURS
    assert Version.objects.get_for_object(service).count() == versions

    # Saving the form that came back is a choice made knowing of the change: it reverts.
    again = form_values(page.find("form", id="service_form"))
    assert reverting.post(url, again).status_code == 302
    assert "tel:+448088005000" in visitor_page()
    assert Version.objects.get_for_object(service).count() == versions + 1


def test_a_revert_after_a_draft_was_published_is_refused(service):
    reverting, other, editor = (
        signed_in(PUBLISHER),
        signed_in(PUBLISHER, "other-publisher@example.org"),
        signed_in(EDITOR),
    )
    change_live(reverting, service, phone=NEW_NUMBER)
    url = revert_url(service, first_version(service))
    data = admin_form(reverting, url)

    draft_data = admin_form(editor, service_url(service))
    draft_data["opening_hours"] = LATER_HOURS
    draft = save_as_draft(editor, service_url(service), draft_data)
    assert act(other, draft, "publish").status_code == 302

    response = reverting.post(url, data)
    assert response.status_code == 200, response.get("Location")
    message = text_of(soup(response).find(class_="errorlist"))
    assert "Not reverted" in message
    assert "other-publisher@example.org changed what visitors see of this service" in message
    assert "Published the draft by editor@example.org" in message
    service.refresh_from_db()
    assert service.opening_hours == LATER_HOURS  # the published draft stands


def test_the_revert_screen_says_what_visitors_see_now(service):
    reverting = signed_in(PUBLISHER)
    other = signed_in(PUBLISHER, "other-publisher@example.org")
    change_live(other, service, phone=NEW_NUMBER)
    page = soup(reverting.get(revert_url(service, first_version(service))))
    note = text_of(page.find(class_="entry-revert-note"))
    assert "Visitors now see the version saved by other-publisher@example.org" in note


def test_a_revert_with_nothing_changed_meanwhile_still_works_for_a_situation(site_content):
    publisher = signed_in(PUBLISHER)
    situation = Situation.objects.filter(steps__isnull=False).first()
    url = f"/admin/directory/situation/{situation.pk}/change/"
    data = admin_form(publisher, url)
    data["title"] = situation.title + " (changed)"
    assert publisher.post(url, data).status_code == 302
    first = first_version(situation)
    revert = f"/admin/directory/situation/{situation.pk}/history/{first.pk}/"
    assert publisher.post(revert, admin_form(publisher, revert)).status_code == 302
    situation.refresh_from_db()
    assert not situation.title.endswith("(changed)")


def test_a_revert_of_an_entry_deleted_meanwhile_is_refused_not_an_error(service):
    reverting = signed_in(PUBLISHER)
    change_live(reverting, service, phone=NEW_NUMBER)
    url = revert_url(service, first_version(service))
    data = admin_form(reverting, url)
    other = signed_in(PUBLISHER, "other-publisher@example.org")
    assert other.post(f"/admin/directory/service/{service.pk}/delete/", {"post": "yes"}).status_code == 302

    response = reverting.post(url, data)
    assert response.status_code == 200, response.get("Location")
    assert "this service was deleted" in text_of(soup(response).find(class_="errorlist"))
    assert not Service.objects.filter(slug=NSPCC).exists()  # not brought back unasked


def recover_url_of(client, name):
    """The recover screen of a deleted entry, as the list of deleted services links it."""
    recover = soup(client.get("/admin/directory/service/recover/"))
    row = next(row for row in recover.find("tbody").find_all("tr") if name in row.get_text())
    return row.find("a")["href"]


def test_a_recover_after_another_publisher_recovered_and_changed_it_is_refused(service):
    first, second = signed_in(PUBLISHER), signed_in(PUBLISHER, "other-publisher@example.org")
    assert first.post(f"/admin/directory/service/{service.pk}/delete/", {"post": "yes"}).status_code == 302
    url = recover_url_of(first, service.name)
    opened_first, opened_second = admin_form(first, url), admin_form(second, url)  # both open the recover screen

    assert first.post(url, opened_first).status_code == 302  # recovered
    recovered = Service.objects.get(slug=NSPCC)
    change_live(first, recovered, opening_hours=LATER_HOURS, phone=OTHER_NUMBER)  # and changed
    versions = Version.objects.get_for_object(recovered).count()

    refused(second.post(url, opened_second), "Not recovered", "publisher@example.org", recovered)
    # Nothing lost: the first publisher's change stands, and no version was made.
    recovered.refresh_from_db()
    assert recovered.opening_hours == LATER_HOURS
    assert OTHER_TEL in visitor_page()
    assert Version.objects.get_for_object(recovered).count() == versions


def test_a_recover_with_nothing_changed_meanwhile_brings_the_entry_back(service):
    publisher = signed_in(PUBLISHER)
    assert publisher.post(f"/admin/directory/service/{service.pk}/delete/", {"post": "yes"}).status_code == 302
    url = recover_url_of(publisher, service.name)
    page = soup(publisher.get(url))
    assert "Saving makes the version in this form what visitors see." in text_of(page.find(class_="entry-revert-note"))
    assert publisher.post(url, form_values(page.find("form", id="service_form"))).status_code == 302
    assert Service.objects.filter(slug=NSPCC).exists()


def test_the_recover_screen_of_another_kind_of_entry_is_not_found(service):
    publisher = signed_in(PUBLISHER)
    situation_version = first_version(Situation.objects.first())
    assert publisher.get(f"/admin/directory/service/recover/{situation_version.pk}/").status_code == 404
    assert publisher.get("/admin/directory/service/recover/999999/").status_code == 404
