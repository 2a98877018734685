"""Closed lines must not look open (issue 16, finding 4).

The NSPCC number in the safety bar on every page, and on its cards and page,
showed no opening hours: at 11pm nothing said it was closed. Each contact
method now has hours of its own (entered per weekday, UK time), shown in plain
words wherever the number shows. Whether a line is open *now* is left to the
visitor's browser (static/js/opening-hours.js, tests/browser/test_opening_hours.py):
pages are cached and served to everyone, so the server never says it.
"""

import io
import json
import re

import pytest
import reversion
from cms.signals.apphook import DISPATCH_UID as CMS_RESTART
from cms.utils.apphook_reload import reload_urlconf
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished
from django.test import Client
from reversion.models import Version

from content import corrections
from content.loader import ContentError, Loader, read_directory, read_guidance
from safeguarding_site.directory.models import ContactMethod, DirectoryDraft, Service
from tests.helpers import admin_form, publish_anyway, published_paths, soup, text_of

NSPCC = "nspcc-helpline"
NSPCC_TEL = "tel:+448088005000"
NSPCC_WORDS = "Open Monday to Friday 8am to 10pm; Saturday and Sunday 9am to 6pm."
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
NSPCC_HOURS = {
    **{day: ["08:00", "22:00"] for day in WEEKDAYS},
    "saturday": ["09:00", "18:00"],
    "sunday": ["09:00", "18:00"],
}
OLD_NOTES = "Phone: Monday to Friday 8am to 10pm, weekends 9am to 6pm. Online form and email: any time."
SAYS_OPEN_OR_CLOSED_NOW = re.compile(r"\b(?:open|closed)\s+now\b", re.IGNORECASE)


def nspcc_phone():
    return ContactMethod.objects.get(service__slug=NSPCC, kind=ContactMethod.PHONE)


def number_item(page, tel=NSPCC_TEL):
    """The list item of the cards' contact methods that holds the number ``tel``."""
    return page.find("a", class_="contact-method__number", href=tel).find_parent("li")


def service_url(service):
    return f"/admin/directory/service/{service.pk}/change/"


def phone_prefix(data, number="08088005000"):
    key = next(key for key, value in data.items() if key.endswith("-value") and value == number)
    return key.removesuffix("-value")


def with_hours(data, prefix, **days):
    for day, (opens, closes) in days.items():
        data |= {f"{prefix}-{day}_opens": opens, f"{prefix}-{day}_closes": closes}
    return data


# What visitors see ---------------------------------------------------------------


def test_the_safety_bar_shows_the_nspcc_lines_hours_on_every_page(client, site_content):
    paths = [*published_paths(client), "/no-such-page/"]
    assert "/get-help/" in paths
    for path in paths:
        line = soup(client.get(path)).find(class_="emergency-line")
        assert line.find("a", href=NSPCC_TEL), path
        hours = line.find(class_="opening-hours")
        assert hours is not None, f"{path}: no opening hours beside the NSPCC number"
        assert text_of(hours) == NSPCC_WORDS, path
        assert json.loads(hours["data-opening-hours"]) == NSPCC_HOURS  # for the script, in UK time


def test_the_nspcc_card_and_page_show_the_hours_beside_the_number(client, site_content):
    for path in ("/get-help/", f"/get-help/{NSPCC}/", "/what-should-i-do/something-happened-online/"):
        page = soup(client.get(path))
        main = page.find("main")
        items = [a.find_parent("li", class_="contact-method") for a in main.find_all("a", href=NSPCC_TEL)]
        items = [item for item in items if item is not None]  # a card's, not a number in a step's text
        assert items, path
        for item in items:
            assert NSPCC_WORDS in text_of(item), path
    # The service's own notes keep only what is not the phone's.
    details = text_of(soup(client.get(f"/get-help/{NSPCC}/")).find(class_="service-details"))
    assert "Online form and email: any time." in details
    assert "10pm" not in details


def test_a_line_with_no_hours_says_nothing_about_them(client, site_content):
    # Stop It Now! and Crimestoppers: their hours are UNCONFIRMED; Childline's phone hours too.
    page = soup(client.get("/get-help/"))
    for tel in ("tel:+448081000900", "tel:+44800555111", "tel:+448001111"):
        item = number_item(page, tel)
        assert item.find(class_="opening-hours") is None, tel
        assert "Open" not in text_of(item), tel
    assert ContactMethod.objects.exclude(opening_hours={}).count() == 1  # only the NSPCC phone's are confirmed


def test_the_server_never_says_whether_a_line_is_open_now(client, site_content):
    paths = [*published_paths(client), "/no-such-page/", "/get-help/for/something-happened-online/"]
    paths += [service.get_absolute_url() for service in Service.objects.all()]
    for path in paths:
        body = client.get(path).content.decode()
        assert "data-opening-hours=" in body, path  # the hours are there, for the script to read
        assert not SAYS_OPEN_OR_CLOSED_NOW.search(body), path
        assert 'class="opening-status' not in body, path


def test_the_script_that_says_so_is_ours_and_deferred(client, site_content):
    page = soup(client.get("/"))
    scripts = [script for script in page.find_all("script") if "opening-hours" in script.get("src", "")]
    assert len(scripts) == 1
    assert scripts[0].has_attr("defer")
    assert scripts[0]["src"].startswith("/static/js/opening-hours.")  # hashed by whitenoise's manifest
    assert client.get(scripts[0]["src"]).status_code == 200


# Editors ---------------------------------------------------------------------------


def test_the_admin_form_shows_each_days_hours(publisher):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(publisher, service_url(service))
    prefix = phone_prefix(data)
    assert data[f"{prefix}-monday_opens"] == "08:00"
    assert data[f"{prefix}-friday_closes"] == "22:00"
    assert data[f"{prefix}-sunday_closes"] == "18:00"
    page = soup(publisher.get(service_url(service)))
    field = page.find("input", attrs={"name": f"{prefix}-tuesday_opens"})
    assert field["type"] == "time"
    assert text_of(page.find("label", attrs={"for": field["id"]})).startswith("Tuesday: opens")


def test_an_editor_sees_why_hours_are_refused_and_nothing_changes(publisher, client):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(publisher, service_url(service))
    prefix = phone_prefix(data)
    response = publisher.post(service_url(service), with_hours(data, prefix, monday=("22:00", "08:00")))
    assert response.status_code == 200
    page = soup(response)
    errors = text_of(page.find("input", attrs={"name": f"{prefix}-monday_closes"}).find_parent(class_="form-row"))
    assert "Monday: it closes at 8am, which is not after it opens at 10pm." in errors
    assert nspcc_phone().opening_hours == NSPCC_HOURS


def test_a_publishers_change_of_hours_shows_in_the_safety_bar_at_once(publisher, client):
    assert NSPCC_WORDS in text_of(soup(client.get("/")).find(class_="emergency-line"))  # now stored
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(publisher, service_url(service))
    prefix = phone_prefix(data)
    data = with_hours(data, prefix, **dict.fromkeys(NSPCC_HOURS, ("", ""))) | {f"{prefix}-open_24_hours": "on"}
    response = publisher.post(service_url(service), data)
    assert response.status_code == 302, soup(response).find(class_="errorlist")
    assert "Open 24 hours a day, 7 days a week." in text_of(soup(client.get("/")).find(class_="emergency-line"))
    assert "Open 24 hours a day, 7 days a week." in text_of(number_item(soup(client.get(f"/get-help/{NSPCC}/"))))


def test_an_editors_change_of_hours_is_a_draft_compared_in_plain_words(editor, publisher, client):
    service = Service.objects.get(slug=NSPCC)
    data = admin_form(editor, service_url(service))
    prefix = phone_prefix(data)
    data = with_hours(data, prefix, saturday=("09:00", "17:00")) | {f"{prefix}-hours_notes": "Closed on 25 December."}
    response = editor.post(service_url(service), data)
    assert response.status_code == 302, soup(response).find(class_="errorlist")
    draft = DirectoryDraft.objects.get(object_id=service.pk)
    assert nspcc_phone().opening_hours == NSPCC_HOURS  # visitors see no change
    assert NSPCC_WORDS in text_of(soup(client.get("/")).find(class_="emergency-line"))

    changes = text_of(soup(publisher.get(f"/admin/directory/directorydraft/{draft.pk}/change/")).find("main"))
    assert (
        "Opening hours: “Monday to Friday 8am to 10pm; Saturday and Sunday 9am to 6pm” becomes “Monday to Friday"
        " 8am to 10pm; Saturday 9am to 5pm; Sunday 9am to 6pm”"
    ) in changes
    assert "Bank holidays and other notes on the hours: “(empty)” becomes “Closed on 25 December.”" in changes
    assert "{" not in changes  # no stored data, only words

    # Reopened, the form shows the draft's hours; published, visitors see them.
    again = admin_form(editor, service_url(service))
    assert again[f"{phone_prefix(again)}-saturday_closes"] == "17:00"
    url = f"/admin/directory/directorydraft/{draft.pk}/change/"
    seen = soup(publisher.get(url)).find("input", attrs={"name": "seen"})["value"]
    response = publish_anyway(publisher, publisher.post(url, {"action": "publish", "seen": seen}))
    assert response.status_code == 302
    line = text_of(soup(client.get("/")).find(class_="emergency-line"))
    assert "Open Monday to Friday 8am to 10pm; Saturday 9am to 5pm; Sunday 9am to 6pm. Closed on 25 December." in line


def test_a_contact_method_a_draft_adds_shows_its_hours_on_the_draft_page(editor, publisher):
    service = Service.objects.get(slug="stop-it-now")
    data = admin_form(editor, service_url(service))
    total = int(data["contact_methods-TOTAL_FORMS"])
    prefix = f"contact_methods-{total}"
    data |= {
        "contact_methods-TOTAL_FORMS": str(total + 1),
        f"{prefix}-kind": "phone",
        f"{prefix}-label": "Second line",
        f"{prefix}-value": "0808 800 5002",
        f"{prefix}-position": "9",
    }
    response = editor.post(service_url(service), with_hours(data, prefix, monday=("09:00", "17:00")))
    assert response.status_code == 302, soup(response).find(class_="errorlist")
    draft = DirectoryDraft.objects.get(object_id=service.pk)
    changes = text_of(soup(publisher.get(f"/admin/directory/directorydraft/{draft.pk}/change/")).find("main"))
    assert "Added: Phone: 0808 800 5002 Opening hours: “Monday 9am to 5pm”" in changes


# Starting content and running sites -----------------------------------------------------


def test_the_loader_gives_only_the_confirmed_hours(site_content):
    assert nspcc_phone().opening_hours == NSPCC_HOURS
    assert Service.objects.get(slug=NSPCC).opening_hours == "Online form and email: any time."
    for slug in ("stop-it-now", "crimestoppers", "childline"):
        assert not ContactMethod.objects.filter(service__slug=slug).exclude(opening_hours={}).exists(), slug


def test_the_loader_refuses_bad_hours_saying_where(empty_database):
    directory = read_directory()
    nspcc = next(entry for entry in directory["services"] if entry["slug"] == NSPCC)
    nspcc["contacts"][0]["opening_hours"] = {"monday": ["22:00", "08:00"]}
    with pytest.raises(ContentError) as refused:
        Loader().run(specs=[], directory=directory, guidance={})
    message = str(refused.value)
    assert message.startswith("directory.toml: service 'nspcc-helpline', contact 1: Monday: it closes at 8am")


@pytest.fixture
def site_loaded_before_hours(empty_database):
    """A site that loaded the starting content before contact methods had hours."""
    directory = read_directory()
    nspcc = next(entry for entry in directory["services"] if entry["slug"] == NSPCC)
    nspcc["opening_hours"] = OLD_NOTES
    for contact in nspcc["contacts"]:
        contact.pop("opening_hours", None)
    Loader().run(directory=directory, guidance=read_guidance())
    request_finished.disconnect(dispatch_uid=CMS_RESTART)  # as in conftest.site_content
    reload_urlconf()
    assert nspcc_phone().opening_hours == {}


def load():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def test_a_running_site_gets_the_hours_once_with_a_version(client, site_loaded_before_hours):
    assert Client().get("/").status_code == 200
    assert soup(Client().get("/")).find(class_="emergency-line").find(class_="opening-hours") is None

    output = load()
    assert "corrected “NSPCC Helpline”, its helpline number’s opening hours" in output
    assert "corrected “NSPCC Helpline”, its other notes on opening hours" in output
    assert nspcc_phone().opening_hours == NSPCC_HOURS
    assert Service.objects.get(slug=NSPCC).opening_hours == "Online form and email: any time."
    assert NSPCC_WORDS in text_of(soup(Client().get("/")).find(class_="emergency-line"))
    latest = Version.objects.get_for_object(Service.objects.get(slug=NSPCC)).first()
    assert latest.revision.get_comment().startswith(corrections.COMMENT_PREFIX)

    # An editor who empties the hours (say they changed and nobody has checked the new ones)
    # keeps that choice: the next deploy does not put them back.
    phone = nspcc_phone()
    with reversion.create_revision():
        reversion.set_user(get_user_model().objects.first())
        phone.opening_hours = {}
        phone.save()
    output = load()
    assert "corrected " not in output
    assert nspcc_phone().opening_hours == {}
    assert soup(Client().get("/")).find(class_="emergency-line").find(class_="opening-hours") is None


def test_hours_an_editor_gave_are_kept(site_loaded_before_hours):
    phone = nspcc_phone()
    with reversion.create_revision():
        phone.opening_hours = {"monday": ["09:00", "17:00"]}
        phone.save()
    output = load()
    assert "its helpline number’s opening hours" not in output
    assert nspcc_phone().opening_hours == {"monday": ["09:00", "17:00"]}
