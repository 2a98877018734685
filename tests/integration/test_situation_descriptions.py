"""Each situation page's meta description is a real sentence (issue 16, finding 7: "…if: i am worried")."""

import pytest
from django.core.cache import cache

from content.loader import read_directory
from safeguarding_site.directory.models import Situation
from tests.helpers import soup

SITUATIONS = read_directory()["situations"]


def description(client, slug):
    response = client.get(f"/what-should-i-do/{slug}/")
    assert response.status_code == 200
    [meta] = soup(response).find_all("meta", attrs={"name": "description"})
    return meta["content"]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("worried-about-someone", "if you are worried about someone’s behaviour towards a child."),
        ("child-in-danger-now", "if a child is in immediate danger."),
        ("something-happened-online", "if something happened online."),
        ("report-without-my-name", "if you want to report a crime without giving your name."),
        ("young-person-needs-to-talk", "if you are a child or young person and need to talk."),
        ("close-to-the-person", "if you live with, or are close to, the person you’re worried about."),
    ],
)
def test_the_description_speaks_to_the_reader(client, site_content, slug, expected):
    assert description(client, slug) == f"What to do, and who to contact, {expected}"


@pytest.mark.parametrize("slug", [situation["slug"] for situation in SITUATIONS])
def test_every_description_is_a_sentence(client, site_content, slug):
    text = description(client, slug)
    assert text[0].isupper(), text
    assert text.endswith("."), text
    assert "if:" not in text
    words = text.rstrip(".").replace(",", "").split()
    for first_person in ("i", "I", "my", "me"):  # the reader is "you"
        assert first_person not in words, text


def test_a_title_an_editor_writes_in_another_form_keeps_its_own_words(client, site_content):
    Situation.objects.create(slug="ceop-wrote-back", title="CEOP wrote back about my report")
    Situation.objects.create(slug="is-my-child-safe", title="Is my child safe online?")
    cache.clear()
    assert description(client, "ceop-wrote-back") == "CEOP wrote back about my report: what to do, and who to contact."
    assert description(client, "is-my-child-safe") == "Is my child safe online? What to do, and who to contact."
