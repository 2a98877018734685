"""Numbers in the steps and update notes are tap-to-call links; every number reads as its owner publishes it."""

import re
import tomllib

import pytest
from bs4 import BeautifulSoup

from content.loader import DIRECTORY_FILE, read_guidance
from safeguarding_site.directory import phone
from safeguarding_site.directory.models import ContactMethod, Service
from safeguarding_site.directory.phone_links import numbers_in_text
from safeguarding_site.guidance.models import GuideStep
from safeguarding_site.pages.models import UpdateNote
from tests.helpers import normalise, soup, text_of

GUIDANCE = read_guidance()
NOTES_PAGE = "/guide/what-information-can-i-get/"


def bold_numbers(markdown):
    return re.findall(r"\*\*([\d ]+)\*\*", markdown)


@pytest.mark.parametrize("slug", list(GUIDANCE))
def test_every_number_in_a_situations_steps_is_a_link(client, site_content, slug):
    steps = soup(client.get(f"/what-should-i-do/{slug}/")).find_all("li", class_="step")
    expected = [number for step in GUIDANCE[slug] for number in bold_numbers(step["text"])]
    linked = [a for step in steps for a in step.find_all("a") if a["href"].startswith(("tel:", "sms:"))]
    # Every number the step text gives in bold, as written (the page shows the steps in stage order).
    assert sorted(a.get_text() for a in linked if a.find_parent("strong")) == sorted(expected)
    for link in linked:
        assert link["href"].split(":", 1)[1] == phone.tel_href(phone.normalise(link.get_text())).removeprefix("tel:")
        assert link["class"] == ["contact-method__number"]  # the service cards' numbers
    # Nothing else in the steps became a link: the others are the links the step text gives.
    written_links = [step["text"].count("](") for step in GUIDANCE[slug]]
    assert len(linked) + sum(written_links) == len([a for step in steps for a in step.find_all("a")])


def test_the_emergency_steps_call_999(client, site_content):
    steps = soup(client.get("/what-should-i-do/child-in-danger-now/")).find_all("li", class_="step")
    assert text_of(steps[0]) == "Call 999 now and ask for the police."
    assert steps[0].find("a", href="tel:999").get_text() == "999"
    # When it is not safe to talk: call 999 (press 55 on a mobile), never textphone 18000 or a text
    # (test_silent_solution.py). 55 is pressed during the call: not a number to call.
    assert [(a["href"], a.get_text()) for a in steps[1].find_all("a")] == [("tel:999", "999")]
    assert "press 55" in text_of(steps[1])
    assert steps[4].find("a", href="tel:+448088005000").get_text() == "0808 800 5000"


@pytest.mark.parametrize(
    ("slug", "written", "href"),
    [
        ("worried-about-someone", "101", "tel:101"),
        ("worried-about-own-thoughts", "0808 1000 900", "tel:+448081000900"),
        ("young-person-needs-to-talk", "0800 1111", "tel:+448001111"),
        ("report-without-my-name", "0800 555 111", "tel:+44800555111"),
        ("something-happened-online", "0808 800 5000", "tel:+448088005000"),
    ],
)
def test_step_numbers_keep_the_text_as_written(client, site_content, slug, written, href):
    steps = soup(client.get(f"/what-should-i-do/{slug}/")).find("main").find_all("li", class_="step")
    assert written in [a.get_text() for step in steps for a in step.find_all("a", href=href)]


def test_numbers_an_editor_writes_later_are_linked_too(client, site_content):
    step = GuideStep.objects.filter(situation__slug="young-person-needs-to-talk").first()
    step.body = (
        '<p>Ring 0808 800 5000 (see <a href="https://example.org/0808">0808 page</a>), not section 101, since 2008.</p>'
    )
    step.save()
    first = soup(client.get("/what-should-i-do/young-person-needs-to-talk/")).find("li", class_="step")
    assert [(a["href"], a.get_text()) for a in first.find_all("a")] == [
        ("tel:+448088005000", "0808 800 5000"),
        ("https://example.org/0808", "0808 page"),
    ]


@pytest.mark.parametrize("path", [NOTES_PAGE, "/guide/"])
def test_numbers_in_the_update_notes_are_links(client, site_content, path):
    notes = soup(client.get(path)).find("main").find_all("aside", class_="update-note")
    assert len(notes) == 2
    disclosure, ceop = ([(a["href"], a.get_text()) for a in note.find_all("a")] for note in notes)
    assert disclosure == [("tel:101", "101")] * 3 + [("tel:999", "999")]
    assert ("tel:+44800555111", "0800 555 111") in ceop
    for note in notes:
        for link in note.find_all("a", href=re.compile("^tel:")):
            assert link["class"] == ["contact-method__number"]
    # Years stay years.
    assert "since 2011" in text_of(notes[0])
    assert not [a for note in notes for a in note.find_all("a") if re.search(r"20\d\d", a.get_text())]


def accessible_name(page, element):
    """The name aria-labelledby gives ``element``: its targets' text in order, hidden ones included (as browsers do)."""
    return " ".join(normalise(page.find(id=target).get_text()) for target in element["aria-labelledby"].split())


@pytest.mark.parametrize("path", [NOTES_PAGE, "/guide/"])
def test_each_update_note_has_a_name_of_its_own(client, site_content, path):
    page = soup(client.get(path))
    notes = page.find("main").find_all("aside")
    assert len(notes) == 2
    names = [accessible_name(page, note) for note in notes]
    assert len(set(names)) == len(names), names
    assert names == [
        "Note 1: Update (checked 24 November 2026)",
        "Note 2: Update (checked 24 November 2026)",
    ]
    # The number is for the name only: the note still reads as it did.
    assert all(normalise(note.get_text()).startswith("Update (checked 24 November 2026) ") for note in notes)
    assert all(page.find(id=note["aria-labelledby"].split()[0]).has_attr("hidden") for note in notes)


def test_the_whole_guide_numbers_its_notes_across_its_parts(client, site_content):
    """Every part's notes on one page: the numbering runs on, so no two share a name."""
    page = soup(client.get("/guide/"))
    names = [accessible_name(page, aside) for aside in page.find_all("aside")]
    assert len(names) == len(set(names)) >= 2


# Every number shown as its owner publishes it --------------------------------


def seed_numbers():
    """(service slug, number as the seed file writes it) for every number the directory starts with."""
    seed = tomllib.loads(DIRECTORY_FILE.read_text(encoding="utf-8"))
    return [
        (service["slug"], contact["value"])
        for service in seed["services"]
        for contact in service.get("contacts", [])
        if contact["kind"] in ContactMethod.PHONE_KINDS
    ]


def test_stop_it_now_shows_its_number_as_the_charity_publishes_it(client, site_content):
    for path in ["/get-help/", "/get-help/stop-it-now/", "/what-should-i-do/worried-about-own-thoughts/"]:
        page = soup(client.get(path))
        shown = [a.get_text() for a in page.find("main").find_all("a", href="tel:+448081000900")]
        assert shown, path
        assert set(shown) == {"0808 1000 900"}, path
        assert "0808 100 0900" not in page.get_text(), path


def test_every_service_card_shows_its_numbers_as_the_source_writes_them(client, site_content):
    numbers = seed_numbers()
    assert ("stop-it-now", "0808 1000 900") in numbers
    listing = soup(client.get("/get-help/")).find("main")
    for slug, written in numbers:
        cards = listing.find_all("article", attrs={"aria-labelledby": re.compile(f"^service-{slug}-")})
        own_page = soup(client.get(f"/get-help/{slug}/")).find("main")
        for where in [*cards, own_page]:
            shown = [a.get_text() for a in where.find_all("a", class_="contact-method__number")]
            assert written in shown, (slug, written, shown)
        assert cards or slug == "police-emergency", slug  # emergency first: its card opens the page
    assert Service.objects.filter(slug="stop-it-now", contact_methods__value="08081000900").exists()  # stored as digits


def test_the_content_checks_find_no_wrong_number_in_the_starting_content(site_content):
    """Every number in the steps and update notes is one the site links, so the checks start clean."""
    bodies = [*GuideStep.objects.values_list("body", flat=True), *UpdateNote.objects.values_list("body", flat=True)]
    found = [number for body in bodies for number in numbers_in_text(BeautifulSoup(body, "html.parser").get_text())]
    assert {"999", "101", "0808 800 5000", "0808 1000 900", "0800 1111", "0800 555 111"} <= {n.text for n in found}
    assert [number for number in found if not number.valid] == []
