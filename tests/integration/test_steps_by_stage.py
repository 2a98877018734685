"""A situation's steps by stage (issue 16, finding 3).

"Do this now", "Do not" and "What happens next" are each a list of their own:
only "Do this now" is a numbered sequence, so "Don't confront the person" is not
step 4 and what happens next is not steps 5 and 6. Every phone number in a step
is a tap-to-call link, and a step that names several contacts gives each its
own item with its own link.
"""

import re

import pytest

from content.loader import read_directory, read_guidance
from safeguarding_site.directory import phone
from tests.helpers import soup, text_of

GUIDANCE = read_guidance()
STAGES = [("now", "Do this now"), ("avoid", "Do not"), ("next", "What happens next")]
# Three digits in a row: every number phone.py accepts has them; "press 55" and "1-2-1" do not.
DIGITS = re.compile(r"\d{3}")


def main_of(client, slug):
    response = client.get(f"/what-should-i-do/{slug}/")
    assert response.status_code == 200, slug
    return soup(response).find("main")


def stage_sections(main):
    return main.find_all("section", class_="steps")


@pytest.mark.parametrize("slug", list(GUIDANCE))
def test_each_stage_is_its_own_list_and_only_do_this_now_is_numbered(client, site_content, slug):
    main = main_of(client, slug)
    given = {step["stage"] for step in GUIDANCE[slug]}
    sections = stage_sections(main)
    assert [text_of(section.h2) for section in sections] == [title for stage, title in STAGES if stage in given]
    for section, stage in zip(sections, [stage for stage, _title in STAGES if stage in given], strict=True):
        [steps_list] = section.find_all(["ol", "ul"], recursive=False)
        items = steps_list.find_all("li", recursive=False)
        assert len(items) == len([step for step in GUIDANCE[slug] if step["stage"] == stage])
        assert all("step" in item["class"] for item in items)
        if stage == "now":
            # A sequence of actions, numbered from 1 on every page.
            assert steps_list.name == "ol"
            assert not steps_list.has_attr("start")
        else:
            assert steps_list.name == "ul", f"{slug}: “{text_of(section.h2)}” is numbered as steps"
    # No step is numbered outside "Do this now".
    for numbered in main.find_all("ol"):
        if numbered.find("li", class_="step"):
            assert numbered.find_parent("section", class_="steps--now")


def test_dont_confront_and_what_happens_next_are_not_numbered_steps(client, site_content):
    main = main_of(client, "worried-about-someone")
    confront = next(li for li in main.find_all("li", class_="step") if "confront" in text_of(li))
    assert confront.parent.name == "ul"
    assert text_of(confront.find_previous("h2")) == "Do not"
    next_section = main.find("section", class_="steps--next")
    assert text_of(next_section.h2) == "What happens next"
    assert not next_section.find("ol")
    numbered = main.find("section", class_="steps--now").find("ol").find_all("li", class_="step", recursive=False)
    assert text_of(numbered[0]).startswith("If a child is in immediate danger, call 999")
    assert len(numbered) == 3


@pytest.mark.parametrize("slug", list(GUIDANCE))
def test_every_phone_number_in_every_step_is_a_tel_link(client, site_content, slug):
    steps = main_of(client, slug).find_all("li", class_="step")
    assert steps
    for step in steps:
        for link in step.find_all("a", href=re.compile("^(tel|sms):")):
            written = link.get_text()
            assert link["href"].split(":", 1)[1] == phone.tel_href(phone.normalise(written)).removeprefix("tel:")
            link.decompose()
        # Once the linked numbers are taken out, no number is left in the text.
        assert not DIGITS.search(step.get_text()), (slug, text_of(step))


def test_each_contact_for_professional_help_is_its_own_item_with_its_own_link(client, site_content):
    main = main_of(client, "worried-about-someone")
    [step] = [li for li in main.find_all("li", class_="step") if text_of(li).startswith("Get professional help")]
    contacts = step.find("ul").find_all("li", recursive=False)
    services = {service["slug"]: service for service in read_directory()["services"]}

    def item_naming(words):
        [item] = [item for item in contacts if words in text_of(item)]
        return item

    helplines = [("police", "police-non-emergency"), ("NSPCC", "nspcc-helpline"), ("Stop It Now!", "stop-it-now")]
    for words, slug in helplines:
        number = next(contact["value"] for contact in services[slug]["contacts"] if contact["kind"] == "phone")
        link = item_naming(words).find("a", href=phone.tel_href(phone.normalise(number)))
        assert link, words
        assert link.get_text() == number
    council = item_naming("Children’s Social Care").find("a")
    assert council["href"] == "https://www.gov.uk/report-child-abuse-to-local-council"
    # A health visitor, school nurse or GP has no single number or address: the item says so.
    assert "no single number" in text_of(item_naming("GP"))
    assert len(contacts) == 5
