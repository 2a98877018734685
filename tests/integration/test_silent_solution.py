"""Someone who cannot talk safely is told the Silent Solution, never sent to textphone 18000 or a text to 999.

Issue 16, finding 1: the child-in-danger page said "If you cannot speak on the
phone, use textphone 18000". 18000 (Relay UK) and texts to 999 are for deaf,
hard of hearing or speech-impaired people (texts only after registering).
When talking would put you in danger, the police's way is to call 999, listen,
cough or tap if asked, and on a mobile press 55 when asked.
"""

import re

from safeguarding_site.pages.views import render_standalone
from tests.helpers import published_paths, soup, text_of

DANGER_PAGE = "/what-should-i-do/child-in-danger-now/"
WHO_FOR = "only for deaf, hard of hearing or speech-impaired people"
# A text message to 999, however it is put: "text 999", "text “register” to 999", "emergency texts ... 999".
TEXT_TO_999 = re.compile(r"\btext(?:s|ing)?\b[^.!?]*\b999\b", re.IGNORECASE)
RELAY_OR_TEXT_LINK = re.compile(r"^(?:tel:18000$|sms:)")


def block_of(node):
    """The list item, paragraph or definition the node is in: what a reader reads it with."""
    return node.find_parent(["li", "p", "dd", "td"]) or node.parent


def test_no_step_offers_the_textphone_or_a_text_to_999(client, site_content):
    steps = soup(client.get(DANGER_PAGE)).find("main").find_all("li", class_="step")
    assert steps
    for step in steps:
        text = text_of(step)
        assert "18000" not in text, text
        assert not TEXT_TO_999.search(text), text
        assert not step.find("a", href=RELAY_OR_TEXT_LINK), text


def test_the_steps_tell_someone_who_cannot_talk_safely_the_silent_solution(client, site_content):
    main = soup(client.get(DANGER_PAGE)).find("main")
    now = main.find("section", class_="steps--now")
    silent = [step for step in now.find_all("li", class_="step") if "not safe to talk" in text_of(step)]
    assert len(silent) == 1
    step = silent[0]
    text = text_of(step)
    assert text.startswith("If it is not safe to talk, still call 999 and listen.")
    assert step.find("a", href="tel:999").get_text() == "999"
    assert "cough or tap the phone" in text
    assert "On a mobile, press 55 when a recorded message asks you to." in text
    assert "Pressing 55 does not tell the police where you are" in text
    assert not step.find("a", href=re.compile("55$"))  # 55 is pressed during the call, not a number to call


def test_the_danger_pages_textphone_and_text_say_who_they_are_for(client, site_content):
    main = soup(client.get(DANGER_PAGE)).find("main")
    links = main.find_all("a", href=RELAY_OR_TEXT_LINK)
    assert {link["href"] for link in links} == {"tel:18000", "sms:999"}  # the police card still lists them
    for link in links:
        assert WHO_FOR in text_of(block_of(link)), text_of(block_of(link))
        assert not link.find_parent("li", class_="step")


def test_the_police_emergency_page_gives_the_silent_solution(client, site_content):
    page = soup(client.get("/get-help/police-emergency/")).find("main")
    what_happens = text_of(page.find("dt", string="What happens when you contact them").find_next("dd"))
    assert "If it is not safe to talk, still call 999 and listen." in what_happens
    assert "On a mobile, press 55 when a recorded message asks you to." in what_happens
    for link in page.find_all("a", href=RELAY_OR_TEXT_LINK):
        assert WHO_FOR in text_of(block_of(link))


def pages_on_the_site(client):
    paths = published_paths(client)
    assert DANGER_PAGE in paths
    assert "/get-help/police-emergency/" in paths
    for path in [*paths, "/a-page-that-is-not-there/"]:
        yield path, client.get(path)
    # The pages nginx serves from files (deploy/render-maintenance-page) and the server error page.
    for status in (400, 413, 414, 500, 503):
        yield f"{status}.html", render_standalone(f"{status}.html", status)


def test_no_page_offers_the_textphone_or_a_text_to_999_without_saying_who_for(client, site_content):
    checked = 0
    for name, response in pages_on_the_site(client):
        page = soup(response)
        for script in page.find_all("script"):
            script.decompose()  # structured data names the number with its label; checked by what is shown
        for node in page.find_all(string=re.compile(r"\b18000\b|\b999\b")):
            block = text_of(block_of(node))
            if "18000" in node or TEXT_TO_999.search(block) or block_of(node).find("a", href=RELAY_OR_TEXT_LINK):
                assert WHO_FOR in block, (name, block)
                checked += 1
        assert not re.search(r"\bcan(?:not|’t|'t) speak\b", text_of(page)), name
    assert checked >= 2
