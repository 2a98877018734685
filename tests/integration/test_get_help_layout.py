"""/get-help/: the emergency service once, at the top; each situation's list below without it."""

import pytest

from safeguarding_site.directory.models import Service, Situation, SituationService
from tests.helpers import soup, text_of


def cards(node):
    return [text_of(card.find(["h2", "h3", "h4"])) for card in node.find_all("article", class_="service-card")]


@pytest.mark.parametrize(
    "path", ["/get-help/", "/get-help/for/worried-about-someone/", "/get-help/for/child-in-danger-now/"]
)
def test_the_999_card_shows_once_at_the_top(client, site_content, path):
    main = soup(client.get(path)).find("main")
    police = Service.objects.get(slug="police-emergency")
    assert cards(main).count(police.name) == 1
    top = main.find("section", class_="situation--emergency")
    assert cards(top) == [police.name]
    assert top.find("a", href="tel:999")
    assert text_of(top.h2) == Situation.objects.get(is_emergency=True).title
    # Before the filter and every other situation.
    assert top.find_next("form", class_="filter") is not None
    assert main.find("section", class_="situation") == top


def test_every_other_service_stays_under_each_of_its_situations(client, site_content):
    main = soup(client.get("/get-help/"))
    shown_first = set(
        SituationService.objects.filter(situation__is_emergency=True).values_list("service__name", flat=True)
    )
    expected = {
        situation.slug: [service.name for service in situation.ordered_services if service.name not in shown_first]
        for situation in Situation.objects.filter(is_emergency=False)
    }
    assert any(len(names) > 1 for names in expected.values())
    for slug, names in expected.items():
        section = main.find("section", attrs={"aria-labelledby": f"situation-{slug}"})
        assert cards(section) == names, slug


def test_a_chosen_situation_lists_its_services_below_the_emergency(client, site_content):
    main = soup(client.get("/get-help/for/worried-about-someone/")).find("main")
    sections = main.find_all("section", class_="situation")
    assert [section["aria-labelledby"] for section in sections] == [
        "situation-child-in-danger-now",
        "situation-worried-about-someone",
    ]
    assert "Police: emergency (999)" not in cards(sections[1])
    assert "Police: non-emergency (101)" in cards(sections[1])
    assert main.find("a", class_="filter__clear")
