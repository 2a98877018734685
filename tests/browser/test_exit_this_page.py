"""Exit this page: the red button, the skip link, the bottom button and Shift pressed 3 times.

Leaving must be quick and leave no way Back: the script replaces the current
history entry (``location.replace``), so ``history.length`` does not grow and
Back goes to whatever came before our page. Without JavaScript every control is
a plain link to the same neutral page.

The exit page is on another site and the test machine is offline, so every test
answers it with a stand-in page (``_serve_exit_page``).
"""

import os

import pytest
from playwright.sync_api import expect

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

# The same default as settings.EXIT_PAGE_URL; the live server inherits this environment.
EXIT_URL = os.environ.get("DJANGO_EXIT_PAGE_URL") or "https://www.bbc.co.uk/weather/"
STAND_IN = "<!doctype html><title>Weather</title><h1>Weather</h1>"

RED_BUTTON = ".exit-this-page--sticky a.exit-this-page__button[data-exit-this-page]"
SHORTCUT_HINT = "[data-exit-shortcut]"
BOTTOM_BUTTON = ".exit-this-page--bottom a.exit-this-page__button[data-exit-this-page]"
OVERLAY = "[data-exit-overlay]"
LIVE = "[data-exit-live]"
INDICATOR = "[data-exit-indicator]"

# What a visitor would see of the overlay: whether it covers the whole viewport and is on top.
OVERLAY_COVERAGE = """() => {
  const overlay = document.querySelector('[data-exit-overlay]');
  const r = overlay.getBoundingClientRect();
  const w = window.innerWidth, h = window.innerHeight;
  const points = [[1, 1], [w / 2, h / 2], [w - 2, h - 2]];
  return {
    covers: r.left <= 0 && r.top <= 0 && r.right >= w && r.bottom >= h,
    onTop: points.every(([x, y]) => document.elementFromPoint(x, y) === overlay),
  };
}"""


def _serve_exit_page(context, status=200):
    """Answer every request for the exit page (with the stand-in, or an empty 204); return the requests seen."""
    requests = []

    def handle(route):
        requests.append(route.request)
        if status == 204:
            route.fulfill(status=204)
        else:
            route.fulfill(status=status, content_type="text/html", body=STAND_IN)

    context.route(lambda url: url == EXIT_URL, handle)
    return requests


def _path(live_site, which):
    if which == "404 page":
        return live_site.not_found_path
    assert live_site.guide_part_paths, f"no guide part in /sitemap.xml: {live_site.page_paths}"
    return live_site.guide_part_paths[0]


def _history_length(page):
    return page.evaluate("() => history.length")


def _assert_left_without_a_trace(live_site, page, requests, path, length_before, previous_path):
    """We are on the exit page, our page's history entry was replaced, Back skips it."""
    page.wait_for_url(EXIT_URL)
    expect(page.locator("h1")).to_have_text("Weather")
    assert len(requests) == 1, f"{path}: {len(requests)} requests for the exit page"
    assert requests[0].is_navigation_request(), f"{path}: the exit page was not loaded as a page"
    assert requests[0].frame == page.main_frame
    length_after = _history_length(page)
    assert length_after == length_before, (
        f"{path}: history.length went from {length_before} to {length_after}: the exit added a history entry "
        "(location.replace not used?)"
    )

    page.go_back()
    assert page.url != live_site.url(path), f"Back returned to {path}, the page that was left"
    assert page.url == live_site.url(previous_path), f"Back went to {page.url}, not the page before {path}"


@pytest.mark.parametrize("which", ["guide part", "404 page"])
def test_red_button_replaces_the_page_so_back_does_not_return(live_site, context, page, which):
    requests = _serve_exit_page(context)
    path = _path(live_site, which)
    live_site.open(page, "/")
    live_site.open(page, path)
    length_before = _history_length(page)

    button = page.locator(RED_BUTTON)
    expect(button).to_have_count(1)
    expect(button).to_have_text("Exit this page")
    assert button.get_attribute("href") == EXIT_URL
    button.click()

    _assert_left_without_a_trace(live_site, page, requests, path, length_before, "/")


def test_red_button_stays_on_screen_down_a_long_page_on_a_phone(live_site, browser):
    # The whole guide is the longest page: on a phone, several screens. The red
    # button must still be there, uncovered, at the bottom of it.
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    try:
        requests = _serve_exit_page(context)
        page = context.new_page()
        live_site.open(page, "/guide/")
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height > 4 * 844, f"/guide/ is {height} px tall on a phone: not a long page any more"
        for fraction in (0.5, 1.0):
            page.evaluate(f"() => window.scrollTo(0, {fraction} * document.documentElement.scrollHeight)")
            button = page.locator(RED_BUTTON)
            expect(button).to_be_in_viewport()
            uncovered = button.evaluate(
                """(b) => { const r = b.getBoundingClientRect();
                   const x = r.left + r.width / 2, y = r.top + r.height / 2;
                   return r.top >= 0 && document.elementFromPoint(x, y) === b; }"""
            )
            assert uncovered, f"at {fraction:.0%} of /guide/, the red button is off screen or covered"
        page.locator(RED_BUTTON).tap()
        page.wait_for_url(EXIT_URL)
        assert len(requests) == 1
    finally:
        context.close()


def test_shift_hint_shown_only_where_the_shortcut_works(live_site, page):
    # With the script on a desktop browser the hint is shown; without the
    # script (test_without_javascript_the_button_is_a_plain_link) it is not.
    live_site.open(page, _path(live_site, "guide part"))
    expect(page.locator(SHORTCUT_HINT)).to_be_visible()
    expect(page.locator(SHORTCUT_HINT)).to_have_text("Or press Shift 3 times")


def test_bottom_button_replaces_the_page_too(live_site, context, page):
    requests = _serve_exit_page(context)
    live_site.open(page, "/")
    live_site.open(page, "/get-help/")
    length_before = _history_length(page)

    button = page.locator(BOTTOM_BUTTON)
    expect(button).to_have_count(1)
    assert button.get_attribute("href") == EXIT_URL
    button.click()

    _assert_left_without_a_trace(live_site, page, requests, "/get-help/", length_before, "/")


def _exit_with_navigation_cancelled(live_site, page, requests, path):
    """Click the red button while the exit page answers 204 No Content.

    A 204 cancels the navigation, so the page stays as the script left it at the
    moment of exit (real navigation is too quick to look at, and Playwright cannot
    evaluate in a page whose navigation request is held).
    """
    live_site.open(page, path)
    expect(page.locator(OVERLAY)).to_be_hidden()
    expect(page.locator(LIVE)).to_have_text("")

    with page.expect_response(EXIT_URL):  # answered by the route handler, so it has been counted
        page.locator(RED_BUTTON).click()
    assert len(requests) == 1, f"{len(requests)} requests for the exit page"
    assert requests[0].is_navigation_request(), "the script did not navigate to the exit page"
    page.wait_for_load_state()
    assert page.url == live_site.url(path), f"the 204 did not keep the page: now on {page.url}"


def test_overlay_and_loading_message_at_the_moment_of_exit(live_site, context, page):
    requests = _serve_exit_page(context, status=204)
    path = _path(live_site, "guide part")
    _exit_with_navigation_cancelled(live_site, page, requests, path)

    overlay = page.locator(OVERLAY)
    expect(overlay).to_be_visible()
    coverage = page.evaluate(OVERLAY_COVERAGE)
    assert coverage == {"covers": True, "onTop": True}, f"the overlay does not blank the page: {coverage}"
    live = page.locator(LIVE)
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("Loading.")
    assert page.evaluate("() => document.body.classList.contains('is-exiting')")


def test_page_restored_from_back_forward_cache_is_reset(live_site, context, page):
    # Playwright starts Chromium with --disable-back-forward-cache, and location.replace
    # leaves no history entry to come back to anyway; so the restore is simulated by the
    # event the browser would fire, on a page left in its real exiting state.
    requests = _serve_exit_page(context, status=204)
    path = _path(live_site, "guide part")
    _exit_with_navigation_cancelled(live_site, page, requests, path)
    expect(page.locator(OVERLAY)).to_be_visible()

    page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")

    expect(page.locator(OVERLAY)).to_be_hidden()
    assert page.evaluate("() => document.body.classList.contains('is-exiting')") is False
    expect(page.locator(LIVE)).to_have_text("")
    expect(page.locator(INDICATOR)).to_be_hidden()
    expect(page.locator(RED_BUTTON)).to_be_visible()


def _assert_count_shown(page, presses, message):
    indicator = page.locator(INDICATOR)
    expect(indicator).to_be_visible()
    expect(indicator.locator("span.is-pressed")).to_have_count(presses)
    expect(page.locator(LIVE)).to_have_text(message)


@pytest.mark.parametrize("which", ["guide part", "404 page"])
def test_shift_three_times_exits(live_site, context, page, which):
    requests = _serve_exit_page(context)
    path = _path(live_site, which)
    live_site.open(page, "/")
    live_site.open(page, path)
    length_before = _history_length(page)
    assert page.evaluate("() => document.activeElement === document.body")
    expect(page.locator(INDICATOR)).to_be_hidden()

    page.keyboard.press("Shift")
    _assert_count_shown(page, 1, "Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    _assert_count_shown(page, 2, "Shift, press 1 more time to exit.")
    assert page.url == live_site.url(path)
    assert requests == []

    page.keyboard.press("Shift")
    _assert_left_without_a_trace(live_site, page, requests, path, length_before, "/")


@pytest.mark.parametrize("other_key", ["a", "Tab"])
def test_another_key_between_shift_presses_cancels(live_site, context, page, other_key):
    requests = _serve_exit_page(context)
    path = _path(live_site, "guide part")
    live_site.open(page, path)

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    _assert_count_shown(page, 2, "Shift, press 1 more time to exit.")

    page.keyboard.press(other_key)
    expect(page.locator(LIVE)).to_have_text("Exit this page cancelled.")
    expect(page.locator(INDICATOR)).to_be_hidden()

    # The count starts again: this Shift is the first of three, not the third.
    page.keyboard.press("Shift")
    _assert_count_shown(page, 1, "Shift, press 2 more times to exit.")
    page.wait_for_timeout(500)
    assert page.url == live_site.url(path), f"left {path} after Shift, Shift, {other_key}, Shift"
    assert requests == [], f"the exit page was requested after Shift, Shift, {other_key}, Shift"
    expect(page.locator(OVERLAY)).to_be_hidden()


def test_exit_skip_link_is_second_tab_stop_and_enter_exits(live_site, context, page):
    requests = _serve_exit_page(context)
    path = _path(live_site, "guide part")
    live_site.open(page, "/")
    live_site.open(page, path)
    length_before = _history_length(page)

    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert first == "#main-content", f"the first Tab stop goes to {first!r}, not the skip link"

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    expect(focused).to_have_text("Exit this page")
    expect(focused).to_have_class("skip-link")
    assert focused.get_attribute("data-exit-this-page") is not None
    assert focused.get_attribute("href") == EXIT_URL
    # Visually hidden until focused; now on screen.
    expect(focused).to_be_in_viewport()

    page.keyboard.press("Enter")
    _assert_left_without_a_trace(live_site, page, requests, path, length_before, "/")


def test_without_javascript_the_button_is_a_plain_link(live_site, browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        requests = _serve_exit_page(context)
        page = context.new_page()
        path = _path(live_site, "guide part")
        live_site.open(page, path)
        # Nothing covers the page: the overlay stays hidden without the script.
        expect(page.locator(OVERLAY)).to_be_hidden()
        # The Shift shortcut needs the script: its hint is not offered.
        expect(page.locator(SHORTCUT_HINT)).to_be_hidden()

        button = page.locator(RED_BUTTON)
        assert button.get_attribute("href") == EXIT_URL
        button.click()
        page.wait_for_url(EXIT_URL)
        expect(page.locator("h1")).to_have_text("Weather")
        assert len(requests) == 1
        assert requests[0].is_navigation_request()
    finally:
        context.close()
