"""'What should I do?': from a situation to its steps by stage and whom to call."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from content.loader import read_guidance, render_markdown
from safeguarding_site.directory.models import Service, Situation, SituationService
from safeguarding_site.guidance.models import GuideStep
from tests.helpers import soup, text_of

GUIDANCE = read_guidance()


def test_question_page_opens_with_999_then_the_choice_then_the_four_rules(client, site_content):
    # On a phone the choice of situation is what a worried parent came for: it
    # comes straight after the 999 box, not below the leaflet's four rules.
    response = client.get("/what-should-i-do/")
    assert response.status_code == 200
    main = soup(response).find("main")
    assert len(main.find_all("h1")) == 1
    box = main.find(class_="emergency-box")
    assert box.find("a", href="tel:999")
    choice = box.find_next("h2")
    assert choice["id"] == "what-is-happening"
    assert choice.find_next("ul")["class"] == ["situation-choices"]
    reminder = main.find("h2", id="whatever-is-happening")
    assert reminder.find_previous("ul", class_="situation-choices")
    rules = [text_of(li) for li in reminder.find_next("ul").find_all("li")]
    assert len(rules) == 4
    assert rules[0].startswith("It is important that child abuse is stopped")
    assert rules[1].startswith("Don’t confront the suspected abuser yourself")
    assert "get professional help too" in rules[2]
    assert rules[3].startswith("Contact the police, Children's Social Care")


def test_question_lists_every_situation_as_a_link_emergency_first(client, site_content):
    choices = soup(client.get("/what-should-i-do/")).find("ul", class_="situation-choices").find_all("a")
    assert [a["href"] for a in choices] == [f"/what-should-i-do/{s.slug}/" for s in Situation.objects.all()]
    assert choices[0]["href"] == "/what-should-i-do/child-in-danger-now/"
    assert len(choices) >= 7


def test_reachable_from_every_page_header_and_the_home_page(client, site_content):
    for path in ["/", "/guide/", "/get-help/", "/privacy/"]:
        nav = soup(client.get(path)).find("nav", attrs={"aria-label": "Main"})
        assert nav.find("a", href="/what-should-i-do/"), path
    routes = soup(client.get("/")).find("nav", class_="routes")
    assert routes.find("li", class_="routes__item--primary").find("a", href="/what-should-i-do/")


@pytest.mark.parametrize("slug", list(GUIDANCE))
def test_every_situation_page_shows_its_steps_in_order_and_its_numbers(client, site_content, slug):
    response = client.get(f"/what-should-i-do/{slug}/")
    assert response.status_code == 200
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    situation = Situation.objects.get(slug=slug)
    assert text_of(page.h1) == situation.title
    shown = [text_of(li) for li in page.find_all("li", class_="step")]
    stage_order = {"now": 0, "avoid": 1, "next": 2}
    expected_steps = sorted(GUIDANCE[slug], key=lambda step: stage_order[step["stage"]])
    assert len(shown) == len(expected_steps)
    for text, step in zip(shown, expected_steps, strict=True):
        assert text == text_of(BeautifulSoup(render_markdown(step["text"]), "html.parser"))
    # "Do this now" is numbered from 1 (only it is numbered: test_steps_by_stage.py).
    assert not page.find("ol", class_="steps__list").has_attr("start")
    for service in situation.ordered_services:
        for method in service.contact_methods.filter(kind__in=["phone", "textphone"]):
            assert page.find("section", class_="who-to-contact").find("a", href=method.href), (slug, method)
    others = page.find("nav", class_="other-situations")
    assert others.find("a", href="/what-should-i-do/")
    assert not others.find("a", href=f"/what-should-i-do/{slug}/")


def test_immediate_danger_shows_999_first(client, site_content):
    main = soup(client.get("/what-should-i-do/child-in-danger-now/")).find("main")
    first_link = main.find("a")
    assert first_link["href"] == "tel:999"
    assert text_of(main.find("li", class_="step")).startswith("Call 999 now")
    first_card = main.find("section", class_="who-to-contact").find("article")
    assert first_card.find("a", href="tel:999")


def test_disclosure_situation_explains_each_nation_and_what_police_will_not_say(client, site_content):
    text = text_of(soup(client.get("/what-should-i-do/check-someones-record/")).find("main"))
    assert "In England and Wales" in text
    assert "Child Sex Offender Disclosure Scheme" in text
    assert "In Scotland" in text
    assert "Sex Offender Community Disclosure Scheme" in text
    assert "In Northern Ireland" in text
    assert "Child Protection Disclosure Arrangements" in text
    assert "controlled disclosure" in text
    assert "the police will not give you specific details" in text


def test_unknown_situation_is_the_site_404(client, site_content):
    response = client.get("/what-should-i-do/no-such-situation/")
    assert response.status_code == 404
    assert text_of(soup(response).h1) == "Page not found"


def test_a_situation_added_in_the_database_joins_the_question_and_gets_a_page(client, site_content):
    situation = Situation.objects.create(
        slug="worried-about-a-club", title="I am worried about a club my child goes to"
    )
    SituationService.objects.create(situation=situation, service=Service.objects.get(slug="nspcc-helpline"))
    GuideStep.objects.create(situation=situation, stage="now", body="<p>Call the NSPCC Helpline.</p>")
    cache.clear()
    choices = soup(client.get("/what-should-i-do/")).find("ul", class_="situation-choices")
    assert choices.find("a", href="/what-should-i-do/worried-about-a-club/")
    page = soup(client.get("/what-should-i-do/worried-about-a-club/"))
    assert text_of(page.h1) == "I am worried about a club my child goes to"
    assert text_of(page.find("li", class_="step")) == "Call the NSPCC Helpline."
    assert page.find("a", href="tel:+448088005000")


def test_steps_loader_never_touches_an_editors_steps(site_content):
    from io import StringIO

    from django.core.management import call_command

    step = GuideStep.objects.filter(situation__slug="young-person-needs-to-talk").first()
    step.body = "<p>Edited.</p>"
    step.save()
    count = GuideStep.objects.count()
    out = StringIO()
    call_command("load_content", stdout=out)
    assert "skipped steps 'young-person-needs-to-talk'" in out.getvalue()
    assert GuideStep.objects.count() == count
    step.refresh_from_db()
    assert step.body == "<p>Edited.</p>"


def test_guidance_facts_stay_within_the_sources():
    """Every phone number in the steps is one the directory lists."""
    import re

    numbers = set()
    for steps in GUIDANCE.values():
        for step in steps:
            numbers |= set(re.findall(r"\*\*([\d ]+)\*\*", step["text"]))
    assert numbers <= {"999", "101", "18000", "0808 800 5000", "0808 1000 900", "0800 1111", "0800 555 111"}
