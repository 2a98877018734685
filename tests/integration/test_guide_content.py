"""The leaflet's words, on the published guide pages, in the right order."""

import re

import pytest
from bs4 import BeautifulSoup

from content.leaflet import leaflet_paragraphs as source_paragraphs
from content.loader import CONTENT_DIR, DirectoryBlock, TextBlock, UpdateNoteBlock, read_pages
from tests.helpers import normalise, soup, text_of

PARTS = [
    ("/guide/who-are-child-sex-offenders/", "Who are child sex offenders and how do they operate?"),
    ("/guide/what-information-can-i-get/", "What specific information about child sex offenders do I have rights to?"),
    (
        "/guide/if-you-are-worried-about-someone/",
        "I have serious concerns about the behaviour of a particular individual. What should I do?",
    ),
]


def block_paragraphs(block):
    """Each paragraph and list item of a content block, as plain text."""
    if isinstance(block, DirectoryBlock):
        return []
    html = BeautifulSoup(block.html, "html.parser")
    return [text_of(node) for node in html.find_all(["p", "li"]) if not node.find(["p", "li"])]


def guide_specs():
    return [spec for spec in read_pages() if spec.parent == "guide"]


def test_every_source_paragraph_is_in_the_content():
    content = [
        paragraph
        for spec in guide_specs()
        for block in spec.blocks
        if isinstance(block, TextBlock)
        for paragraph in block_paragraphs(block)
    ]
    expected = source_paragraphs()
    assert len(expected) == 18  # 4 + 9 + the introduction and four bullets
    assert content == expected


def test_every_content_paragraph_appears_on_its_published_page(client, site_content):
    for spec in read_pages():
        path = next((path for path, title in PARTS if title == spec.title), None)
        if path is None:
            continue
        main_text = text_of(without_number_links(soup(client.get(path)).find("main")))
        for block in spec.blocks:
            for paragraph in block_paragraphs(block):
                assert paragraph in main_text, f"{spec.source.name}: missing on {path}: {paragraph[:60]}…"


def test_the_whole_guide_page_carries_every_part(client, site_content):
    main = soup(client.get("/guide/")).find("main")
    sections = main.find_all("section", class_="guide-section")
    assert [text_of(section.h2) for section in sections] == [f"{n}. {title}" for n, (_p, title) in enumerate(PARTS, 1)]
    whole_text = text_of(without_number_links(main))
    for spec in guide_specs():
        for block in spec.blocks:
            for paragraph in block_paragraphs(block):
                assert paragraph in whole_text


def test_the_garbled_figure_is_gone(client, site_content):
    text = text_of(soup(client.get(PARTS[0][0])).find("main"))
    assert (
        "However, the vast majority of child sex offenders are known to their victims – they are often a member of "
        "the family" in text
    )
    assert "7 per cent" not in text
    assert "around 20 per cent" in text


def test_the_last_bullet_is_a_clean_list_of_four(client, site_content):
    guide_text = soup(client.get(PARTS[2][0])).find("div", class_="guide-text")
    items = [text_of(item) for item in guide_text.find("ul").find_all("li")]
    assert len(items) == 4
    assert items[0].startswith("It is important that child abuse is stopped – this is the first priority")
    assert items[1].startswith("Don’t confront the suspected abuser yourself")
    assert items[2].endswith("you must get professional help too.")
    assert items[3] == (
        "Contact the police, Children's Social Care, a health visitor, school nurse or other health professional "
        "(such as your GP) or the NSPCC or Stop it Now!"
    )
    assert "Now!It" not in text_of(guide_text)


def test_every_organisation_the_last_part_names_is_a_live_card(client, site_content):
    guide_text = soup(client.get(PARTS[2][0])).find("div", class_="guide-text")
    cards = {
        text_of(card.find(["h2", "h3", "h4"])): card for card in guide_text.find_all("article", class_="service-card")
    }
    assert list(cards) == [
        "Police: emergency (999)",
        "Police: non-emergency (101)",
        "Children’s Social Care (your local council)",
        "NSPCC Helpline",
        "Stop It Now! helpline",
        "Health visitor, school nurse or GP",
    ]
    assert cards["Police: emergency (999)"].find("a", href="tel:999")
    assert cards["NSPCC Helpline"].find("a", href="tel:+448088005000")
    assert cards["Stop It Now! helpline"].find("a", href="tel:+448081000900")
    assert all(card.find("h3") for card in cards.values())


def test_typographic_characters_are_served_as_utf8(client, site_content):
    response = client.get(PARTS[0][0])
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode("utf-8")
    assert "‘child sex offender’" in body
    assert "known to their victims – they" in body


@pytest.mark.parametrize(("index", "path_title"), list(enumerate(PARTS)))
def test_guide_order_contents_and_previous_next(client, site_content, index, path_title):
    path, title = path_title
    page = soup(client.get(path))
    assert text_of(page.h1) == title
    assert text_of(page.find(class_="caption")) == f"Part {index + 1} of 3"
    contents = page.find("nav", class_="guide-contents")
    links = contents.find("ol").find_all("a")
    assert [(a["href"], text_of(a)) for a in links] == PARTS
    assert [a["href"] for a in links if a.get("aria-current") == "page"] == [path]
    assert contents.find("a", href="/guide/", string=re.compile("whole guide"))
    pagination = page.find("nav", attrs={"aria-label": "Guide pages"})
    previous = pagination.find("a", rel="prev")
    following = pagination.find("a", rel="next")
    if index == 0:
        assert previous is None
    else:
        assert previous["href"] == PARTS[index - 1][0]
    if index == len(PARTS) - 1:
        assert following is None
        # The last part ends where its question leads: "What should I do?".
        onward = pagination.find("li", class_="pagination__item--next").find("a")
        assert onward["href"] == "/what-should-i-do/"
        assert text_of(onward) == "Next What should I do?"
    else:
        assert following["href"] == PARTS[index + 1][0]


def test_every_guide_page_credits_the_source(client, site_content):
    for path in ["/guide/", *(path for path, _title in PARTS)]:
        credit = text_of(soup(client.get(path)).find("main").find(class_="source-credit"))
        assert "Home Office guide ‘Keeping Children Safe from Sex Offenders’" in credit
        assert "Crown copyright" in credit
        assert "Open Government Licence v3.0" in credit


def test_out_of_date_statements_are_followed_by_update_notes(client, site_content):
    guide_text = soup(client.get(PARTS[1][0])).find("div", class_="guide-text")
    notes = guide_text.find_all("aside", class_="update-note")
    assert len(notes) == 2
    for note, statement in zip(notes, ["currently looking at", "‘most wanted’ website"], strict=True):
        previous = note.find_previous_sibling("p")
        assert statement in text_of(previous)
        assert text_of(note).startswith("Update (checked 24 November 2026")
        assert note["aria-labelledby"]
    disclosure, ceop = (text_of(note) for note in notes)
    assert "Child Sex Offender Disclosure Scheme" in disclosure
    assert "since 2011" in disclosure
    assert "Scotland" in disclosure
    assert "Northern Ireland" in disclosure
    assert "no longer exists" in ceop
    assert ceop_links(notes[1]) == {"https://www.ceop.police.uk/Safety-Centre/", "https://crimestoppers-uk.org"}


def ceop_links(note):
    """Where the note's links go, leaving out its phone numbers (linked when rendered: test_numbers_in_text.py)."""
    return {a["href"] for a in note.find_all("a") if not a["href"].startswith(("tel:", "sms:"))}


def without_number_links(node):
    """``node`` with the phone numbers linked in its text back as plain text, as the content files write them.

    text_of puts a space at each element's edges ("on 101 , go"), which would
    make the words differ from the source's only where a number is linked.
    """
    for link in node.find_all("a", href=re.compile(r"^(tel|sms):")):
        link.unwrap()
    node.smooth()
    return node


def test_update_notes_are_editable_plugins_not_baked_into_text():
    blocks = [block for spec in guide_specs() for block in spec.blocks]
    notes = [block for block in blocks if isinstance(block, UpdateNoteBlock)]
    assert len(notes) == 2
    assert all("Update" not in block.markdown[:10] for block in blocks if isinstance(block, TextBlock))


def test_changes_file_lists_each_correction():
    changes = normalise((CONTENT_DIR / "CHANGES.md").read_text(encoding="utf-8"))
    assert "at least 7 per cent" in changes
    assert "Stop it Now!It is important" in changes
    assert "Sarah's Law" in changes
    assert "most wanted" in changes
