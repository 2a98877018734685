"""The site's own words in content/ read at Flesch-Kincaid grade 5 or below, with no sentence over 25 words.

Issue 16, finding 6. Every page in content/pages/ (the leaflet's own paragraphs
left out), every situation's steps and every service's descriptions are
checked; a failure names the file, the entry and the sentences.
`manage.py reading_level` prints the whole table.
"""

import hashlib

import pytest

from content import readability
from content.loader import PAGES_DIR

TEXTS = readability.content_texts()

# Being rewritten by whoever writes the new accessibility statement and privacy
# notice (issue 16, finding 5). Only these exact texts are let off: any other
# text of these files is checked like every other page.
AWAITING_REWRITE = {
    "20-accessibility-statement.md": "c7bdd92532799fb0266f6b2b3389450bf1249bb952778523923c941da7e0037e",
    "21-privacy-notice.md": "0e45a035322d2de32b63b6f3b3eac89c1304a4a17a54a066bcb2b2d6de436b23",
}


def awaiting_rewrite(text):
    if text.kind != "page":
        return False
    name = f"{text.name}.md"
    digest = hashlib.sha256((PAGES_DIR / name).read_bytes()).hexdigest()
    return AWAITING_REWRITE.get(name) == digest


@pytest.mark.parametrize("text", TEXTS, ids=[text.source for text in TEXTS])
def test_reads_at_grade_5_with_no_sentence_over_25_words(text):
    result = readability.measure(text)
    if awaiting_rewrite(text) and not result.passes:
        pytest.xfail(f"{text.source}: its rewrite is another part of issue 16 (finding 5)")
    assert result.passes, "\n".join(readability.describe_failure(result))


def test_every_kind_of_text_is_checked():
    sources = {text.source for text in TEXTS}
    assert {f"content/pages/{path.name}" for path in PAGES_DIR.glob("*.md")} <= sources
    assert "content/guidance.toml [worried-about-someone]" in sources
    assert "content/directory.toml [stop-it-now]" in sources
    kinds = {text.kind for text in TEXTS}
    assert kinds == {"page", "steps", "service"}


def test_the_leaflets_own_paragraphs_are_left_out_and_nothing_else():
    """The guide parts quote the leaflet: all 18 of its paragraphs are found, and only there or on a quote of them."""
    left_out = {text.source: text.leaflet for text in TEXTS if text.leaflet}
    assert left_out == {
        "content/pages/05-what-should-i-do.md": 5,  # the leaflet's four rules, quoted with their introduction
        "content/pages/11-who-are-child-sex-offenders.md": 4,
        "content/pages/12-controlled-disclosure.md": 9,
        "content/pages/13-serious-concerns.md": 5,
    }
    page_12 = next(text for text in TEXTS if text.name == "12-controlled-disclosure")
    assert any(paragraph.startswith("This system now exists.") for paragraph in page_12.prose)  # its update note
