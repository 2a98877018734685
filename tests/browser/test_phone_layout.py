"""On a 390x844 phone: the home page's first screen is the route, and nothing of the safety
controls gets in the way (the Shift hint, the sticky Exit row, the 999 card repeated).

Screenshots of the first screen go to test-results/ (ignored by git), to look at.
"""

from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results"
PHONE = {"width": 390, "height": 844}

EXIT_ROW = ".exit-this-page--sticky"
SHORTCUT_HINT = "[data-exit-shortcut]"
SITUATIONS = "main nav.situations"
EMERGENCY_CARD = "article.service-card--emergency"


@contextmanager
def phone(browser, **options):
    """A phone-sized page: a touch screen and a mobile viewport unless ``options`` say otherwise."""
    settings = {"viewport": PHONE, "is_mobile": True, "has_touch": True, **options}
    context = browser.new_context(**settings)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def on_first_screen(box):
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_home_pages_first_screen_is_999_and_the_situations(live_site, browser, javascript):
    with phone(browser, java_script_enabled=javascript) as page:
        live_site.open(page, "/")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"phone-first-screen-{'js' if javascript else 'no-js'}.png"))
        assert page.evaluate("() => window.innerHeight") == PHONE["height"]

        emergency_number = page.locator(".emergency-line a[href='tel:999']")
        assert on_first_screen(emergency_number.bounding_box()), "the 999 line is below the fold"
        assert on_first_screen(page.locator(f"{EXIT_ROW} .exit-this-page__button").bounding_box())
        block = page.locator(SITUATIONS)
        expect(block, "the home page lists no situations").to_have_count(1)
        assert on_first_screen(block.locator("h2").bounding_box()), "'What should I do?' is cut off"
        expect(block.locator("h2")).to_have_text("What should I do?")
        links = block.locator("a")
        expect(links.first).to_have_attribute("href", "/what-should-i-do/child-in-danger-now/")
        boxes = [links.nth(index).bounding_box() for index in range(links.count())]
        in_view = [index for index, box in enumerate(boxes) if on_first_screen(box)]
        # The emergency first, then the next ones in order: at least three whole situations.
        assert in_view[:3] == [0, 1, 2], f"situations wholly on the first screen: {in_view} of {len(boxes)}"
        # Before any introduction: the introduction starts below the situations.
        intro = page.locator("main .lead").bounding_box()
        assert intro["y"] >= block.bounding_box()["y"] + block.bounding_box()["height"]


@pytest.mark.parametrize("touch", [True, False], ids=["touch-screen", "mobile-viewport-only"])
def test_the_shift_hint_is_not_offered_on_a_phone(live_site, browser, touch):
    # A phone's browser may not say it has a touch screen (Playwright's is_mobile
    # without has_touch reports a mouse): the hint still has no place there.
    with phone(browser, has_touch=touch) as page:
        live_site.open(page, live_site.guide_part_paths[0])
        expect(page.locator(f"{EXIT_ROW} .exit-this-page__button")).to_be_visible()
        expect(page.locator(SHORTCUT_HINT)).to_be_hidden()


# Where the Exit row is, what the screen shows just above its bottom edge at every
# 10 px across, and whether the row hides what scrolls under it (an opaque background).
EXIT_ROW_EDGE = """(selector) => {
  const row = document.querySelector(selector);
  const r = row.getBoundingClientRect();
  const misses = [];
  for (let x = 1; x < window.innerWidth; x += 10) {
    const hit = document.elementFromPoint(x, r.bottom - 1);
    if (!row.contains(hit)) misses.push(`${x}: ${hit ? hit.tagName + '.' + hit.className : 'nothing'}`);
  }
  const background = getComputedStyle(row).backgroundColor;
  const alpha = background.startsWith('rgba') ? parseFloat(background.split(',')[3]) : 1;
  const padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop);
  return {top: r.top, height: r.height, misses, opaque: alpha === 1, scrollPadding: padding};
}"""


def test_the_sticky_exit_row_covers_no_text_while_scrolling_on_a_phone(live_site, browser):
    with phone(browser) as page:
        live_site.open(page, "/guide/")
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height > 4 * PHONE["height"], f"/guide/ is {height} px tall on a phone: not a long page any more"
        for fraction in (0.25, 0.5, 0.75):
            page.evaluate(f"() => window.scrollTo(0, {fraction} * document.documentElement.scrollHeight)")
            row = page.evaluate(EXIT_ROW_EDGE, EXIT_ROW)
            assert row["top"] == 0, f"at {fraction:.0%} the Exit row is not at the top of the screen"
            # The page scrolls under the whole row: no text is half covered beside the button.
            assert row["misses"] == [], f"at {fraction:.0%}, text shows under the Exit row's edge: {row['misses']}"
            assert row["opaque"], "the Exit row lets the text under it show through"
            # Small: a focused control is scrolled clear of it (scroll-padding-top).
            assert row["height"] <= row["scrollPadding"] <= 0.08 * PHONE["height"], row


def test_a_focused_link_is_not_hidden_under_the_exit_row(live_site, browser):
    with phone(browser) as page:
        live_site.open(page, "/guide/")
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        link = page.locator("main .guide-contents a").first
        link.focus()  # above the screen: the browser scrolls it into view at the top
        box = link.bounding_box()
        row = page.locator(EXIT_ROW).bounding_box()
        assert box["y"] >= row["y"] + row["height"], f"the focused link ({box}) is under the Exit row ({row})"


def test_get_help_shows_the_999_card_once_on_a_phone(live_site, browser, record_property):
    with phone(browser) as page:
        live_site.open(page, "/get-help/")
        cards = page.locator(EMERGENCY_CARD)
        expect(cards).to_have_count(1)
        expect(cards.locator("a[href='tel:999']").first).to_be_visible()
        card = cards.bounding_box()
        form = page.locator("form.filter").bounding_box()
        assert card["y"] < form["y"], "the 999 card is not at the top, before the filter"
        height = page.evaluate("() => document.documentElement.scrollHeight")
        record_property("get_help_height_on_a_phone_px", height)
        print(f"/get-help/ on a 390x844 phone: {height} px tall")
