"""Journeys a visitor makes: from the home page to what to do, and from the directory to one situation.

The journeys run without JavaScript (everything is plain links and a GET form),
and the views they end on are checked with axe-core like every other page.
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE_OPTIONS, _describe

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

QUESTION_PATH = "/what-should-i-do/"
EMERGENCY_SLUG = "child-in-danger-now"
OTHER_SLUG = "check-someones-record"
DIRECTORY_PATH = "/get-help/"
FILTER_SLUG = "worried-about-someone"


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _follow(page, link, expected_url):
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None, f"{expected_url}: no response"
    assert response.status == 200, f"{expected_url}: HTTP {response.status}"
    assert page.url == expected_url, f"landed on {page.url}, expected {expected_url}"


def _main_hrefs(page):
    return page.locator("main a[href]").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")


def test_what_should_i_do_journey_without_javascript(live_site, no_js_page):
    page = no_js_page
    live_site.open(page, "/")

    nav_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="What should I do?", exact=True)
    expect(nav_link).to_have_count(1)
    _follow(page, nav_link, live_site.url(QUESTION_PATH))
    expect(page.locator("main h1")).to_have_text("What should I do?")

    choices = page.locator("ul.situation-choices a")
    expect(choices.first).to_be_visible()
    emergency = choices.filter(has_text="A child is in immediate danger")
    expect(emergency).to_have_count(1)
    _follow(page, emergency, live_site.url(f"{QUESTION_PATH}{EMERGENCY_SLUG}/"))
    expect(page.locator("main h1")).to_have_text("A child is in immediate danger")

    # The very first thing to act on is the number to call.
    hrefs = _main_hrefs(page)
    assert hrefs, "no links in <main>"
    assert hrefs[0] == "tel:999", f"the first link in <main> is {hrefs[0]!r}, not tel:999"
    expect(page.locator("main a[href='tel:999']").first).to_be_visible()

    back = page.locator("main").get_by_role("link", name="Back to “What should I do?”", exact=True)
    expect(back).to_have_count(1)
    _follow(page, back, live_site.url(QUESTION_PATH))

    other = page.locator(f"ul.situation-choices a[href='{QUESTION_PATH}{OTHER_SLUG}/']")
    expect(other).to_have_count(1)
    other_title = other.inner_text().strip()
    _follow(page, other, live_site.url(f"{QUESTION_PATH}{OTHER_SLUG}/"))
    expect(page.locator("main h1")).to_have_text(other_title)

    steps = page.locator("main li.step")
    assert steps.count() > 0, f"{OTHER_SLUG}: no steps"
    expect(steps.first).to_be_visible()
    assert all(text.strip() for text in steps.all_inner_texts()), f"{OTHER_SLUG}: an empty step"
    phone_links = [href for href in _main_hrefs(page) if href.startswith("tel:")]
    assert phone_links, f"{OTHER_SLUG}: no tel: link in <main>"
    expect(page.locator("main a[href^='tel:']").first).to_be_visible()


def test_directory_filter_without_javascript(live_site, no_js_page):
    page = no_js_page
    live_site.open(page, DIRECTORY_PATH)
    sections = page.locator("main section.situation")
    assert sections.count() > 1, "the unfiltered directory should list several situations"

    form = page.locator("form.filter")
    form.locator("select[name=situation]").select_option(FILTER_SLUG)
    submit = form.get_by_role("button", name="Show services")
    expect(submit).to_have_count(1)
    with page.expect_navigation() as navigation:
        submit.click()
    assert navigation.value.status == 200

    # The form's ?situation= is redirected to the situation's own address.
    url = urlsplit(page.url)
    assert (url.path, url.query) == (f"{DIRECTORY_PATH}for/{FILTER_SLUG}/", "")

    # The emergency stays at the top, before the form (test_get_help_layout.py); after it, the chosen one only.
    chosen = page.locator("main form.filter ~ section.situation")
    expect(chosen).to_have_count(1)
    expect(chosen.locator("h2")).to_have_attribute("id", f"situation-{FILTER_SLUG}")
    expect(chosen.locator("article.service-card").first).to_be_visible()
    # The form remembers the choice and offers the way back to everything.
    expect(form.locator("select[name=situation]")).to_have_value(FILTER_SLUG)
    expect(form.get_by_role("link", name="Show all situations")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{DIRECTORY_PATH}for/{FILTER_SLUG}/", 200),
        (f"{DIRECTORY_PATH}?situation=bogus", 400),
        (QUESTION_PATH, 200),
    ],
)
def test_no_wcag_violations(live_site, page, path, status):
    response = page.goto(live_site.url(path))
    assert response is not None, f"{path}: no response"
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    if status == 400:
        expect(page.locator(".error-summary")).to_be_visible()
    else:
        expect(page.locator("main section.situation, main ul.situation-choices").first).to_be_visible()

    response = Axe().run(page, options=AXE_OPTIONS).response
    assert response.get("testEngine", {}).get("name") == "axe-core", f"{path}: axe did not run"
    assert response["passes"], f"{path}: axe reported no passing rules at all"
    problems = [_describe(path, violation) for violation in response["violations"]]
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)
