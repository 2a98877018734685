"""Directory entries and "What should I do?" steps keep their history (django-reversion).

They are not django CMS pages, so djangocms-versioning does not cover them:
every live change (a publisher's save, or an editor's draft once published:
test_directory_drafts.py) is a version, with who and when; a publisher can
revert to any version and recover a deleted service with its contact methods.
Driven through the admin as a browser would.
"""

from django.test import Client
from reversion.models import Version

from content.loader import LOADER_COMMENT
from safeguarding_site.directory.models import ContactMethod, Service, Situation
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import admin_form, signed_in, soup, with_new_contact_method

NSPCC = "nspcc-helpline"
OLD_TEL = "tel:+448088005000"
NEW_NUMBER = "0808 800 5001"
NEW_TEL = "tel:+448088005001"


def change_phone(client, service, number):
    url = f"/admin/directory/service/{service.pk}/change/"
    data = admin_form(client, url)
    phone = next(key for key, value in data.items() if key.endswith("-kind") and value == "phone")
    data[phone.replace("-kind", "-value")] = number
    response = client.post(url, data)
    assert response.status_code == 302, soup(response).find(class_="errorlist")


def directory_page():
    return Client().get(f"/get-help/{NSPCC}/").content.decode()


def test_the_starting_content_is_the_first_version(site_content):
    for service in Service.objects.all():
        versions = Version.objects.get_for_object(service)
        assert versions.count() == 1, service
        assert versions[0].revision.comment == LOADER_COMMENT


def test_every_change_is_in_the_history_and_a_publisher_reverts_to_an_earlier_one(site_content):
    publisher = signed_in(PUBLISHER)
    service = Service.objects.get(slug=NSPCC)
    change_phone(publisher, service, NEW_NUMBER)
    assert NEW_TEL in directory_page()

    editor = signed_in(EDITOR)  # editors see the history too
    for client in (publisher, editor):
        history = client.get(f"/admin/directory/service/{service.pk}/history/")
        assert history.status_code == 200
        rows = soup(history).find("table", id="change-history").find("tbody").find_all("tr")
        assert len(rows) == 2  # the starting content and the publisher's change, with who made it
        assert "publisher@example.org" in rows[0].get_text()

    first = Version.objects.get_for_object(service).order_by("pk").first()
    url = f"/admin/directory/service/{service.pk}/history/{first.pk}/"
    assert editor.get(url).status_code == 403  # restoring is for publishers
    data = admin_form(publisher, url)  # the old entry, shown in the form to check before saving
    phones = [value for key, value in data.items() if key.endswith("-value")]
    assert "08088005000" in [phone.replace(" ", "") for phone in phones]
    assert editor.post(url, data).status_code == 403
    assert NEW_TEL in directory_page()
    assert publisher.post(url, data).status_code == 302

    page = directory_page()  # the next visitor gets the restored number
    assert OLD_TEL in page
    assert NEW_TEL not in page
    assert Version.objects.get_for_object(service).count() == 3  # reverting is a version too


def test_a_deleted_service_is_recovered_with_its_contact_methods_and_situations(site_content):
    publisher = signed_in(PUBLISHER)  # only publishers may delete
    service = Service.objects.get(slug=NSPCC)
    methods = sorted(service.contact_methods.values_list("kind", "value"))
    situations = sorted(service.situations.values_list("slug", flat=True))
    assert situations
    response = publisher.post(f"/admin/directory/service/{service.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Service.objects.filter(slug=NSPCC).exists()
    assert Client().get(f"/get-help/{NSPCC}/").status_code == 404

    recover = soup(publisher.get("/admin/directory/service/recover/"))
    row = next(row for row in recover.find("tbody").find_all("tr") if "NSPCC Helpline" in row.get_text())
    url = row.find("a")["href"]  # the date of the deleted version, as a link
    assert publisher.post(url, admin_form(publisher, url)).status_code == 302

    service = Service.objects.get(slug=NSPCC)
    assert sorted(service.contact_methods.values_list("kind", "value")) == methods
    assert sorted(service.situations.values_list("slug", flat=True)) == situations
    assert OLD_TEL in directory_page()


def test_a_situation_history_includes_its_steps(site_content):
    client = signed_in(PUBLISHER)
    situation = Situation.objects.filter(steps__isnull=False).first()
    url = f"/admin/directory/situation/{situation.pk}/change/"
    data = admin_form(client, url)
    step_text = next(key for key in data if key.startswith("steps-") and key.endswith("-body"))
    data[step_text] = data[step_text] + " (edited)"
    assert client.post(url, data).status_code == 302
    latest = Version.objects.get_for_object(situation).first()
    kinds = {version.content_type.model for version in latest.revision.version_set.all()}
    assert {"situation", "guidestep", "situationservice"} <= kinds


def test_contact_methods_are_not_left_behind_by_a_revert(site_content):
    editor = signed_in(PUBLISHER)
    service = Service.objects.get(slug=NSPCC)
    before = ContactMethod.objects.filter(service=service).count()
    url = f"/admin/directory/service/{service.pk}/change/"
    data = with_new_contact_method(admin_form(editor, url), "Added by mistake", "0808 800 5002")
    assert editor.post(url, data).status_code == 302
    assert ContactMethod.objects.filter(service=service).count() == before + 1
    first = Version.objects.get_for_object(service).order_by("pk").first()
    revert = f"/admin/directory/service/{service.pk}/history/{first.pk}/"
    assert editor.post(revert, admin_form(editor, revert)).status_code == 302
    assert ContactMethod.objects.filter(service=service).count() == before
