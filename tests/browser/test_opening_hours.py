"""Whether a line is open now, worked out in the visitor's browser in UK time (issue 16, finding 4).

The server writes only the hours (pages are cached for everyone);
static/js/opening-hours.js adds "Open now" or "Closed now, opens 8am" from the
same hours, reading the time in Europe/London. Playwright fixes the browser's
clock, and the browser's own time zone is New York's, so only a script that
reads UK time passes; the times around the clocks changing tell BST from GMT.
"""

import datetime
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import _run_manage
from tests.browser.test_accessibility import AXE_OPTIONS, _describe

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

SERVICE_PATH = "/get-help/nspcc-helpline/"
NSPCC_TEL = "tel:+448088005000"
HOURS_WORDS = "Open Monday to Friday 8am to 10pm; Saturday and Sunday 9am to 6pm."
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "opening-hours.js"


def utc(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


# Other tests change the live site's NSPCC number (the directory drafts journey publishes
# 0808 800 5009): the safety bar's number has hours only while the directory lists it.
PUT_BACK_THE_NSPCC_NUMBER = """
from content.corrections import NSPCC_PHONE_HOURS
from safeguarding_site.directory.models import ContactMethod
phone = ContactMethod.objects.filter(service__slug="nspcc-helpline", kind="phone").order_by("pk").first()
if (phone.value, phone.opening_hours) != ("08088005000", NSPCC_PHONE_HOURS):
    phone.value, phone.opening_hours = "08088005000", NSPCC_PHONE_HOURS
    phone.save()
"""


@pytest.fixture(scope="module", autouse=True)
def nspcc_number_as_loaded(live_site):
    _run_manage(live_site.env, "shell", "-c", PUT_BACK_THE_NSPCC_NUMBER)


@pytest.fixture
def away_page(browser):
    """A browser whose own clock is New York's: the hours are UK time whatever the device says."""
    context = browser.new_context(timezone_id="America/New_York")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-12-01T12:00", "Open now, closes 10pm."),  # Tuesday midday, GMT
        ("2026-12-01T23:00", "Closed now, opens 8am tomorrow."),  # Tuesday 11pm: the finding
        ("2026-12-04T23:00", "Closed now, opens 9am tomorrow."),  # Friday 11pm: Saturday's hours next
        ("2026-12-05T07:00", "Closed now, opens 9am."),  # Saturday 7am
        ("2026-12-06T19:00", "Closed now, opens 8am tomorrow."),  # Sunday 7pm: Monday's hours next
        # The clocks go forward at 01:00 GMT on Sunday 29 March 2026: 08:30 GMT is 9:30am BST.
        ("2026-03-29T00:59", "Closed now, opens 9am."),
        ("2026-03-29T08:30", "Open now, closes 6pm."),
        ("2026-07-01T21:30", "Closed now, opens 8am tomorrow."),  # Wednesday 10:30pm BST
        # They go back at 01:00 GMT on Sunday 25 October 2026: 17:30 GMT is 5:30pm in the UK again.
        ("2026-10-25T00:30", "Closed now, opens 9am."),  # 1:30am BST
        ("2026-10-25T17:30", "Open now, closes 6pm."),
    ],
)
def test_the_nspcc_line_says_whether_it_is_open_now_in_uk_time(live_site, away_page, moment, expected):
    page = away_page
    page.clock.set_fixed_time(utc(moment))
    live_site.open(page, SERVICE_PATH)
    banner = page.locator(".emergency-line")
    expect(banner.locator(".opening-hours")).to_have_text(HOURS_WORDS)
    expect(banner.locator(".opening-status")).to_have_text(expected)
    card = page.locator("main li.contact-method", has=page.locator(f"a[href='{NSPCC_TEL}']"))
    expect(card.locator(".opening-status")).to_have_text(expected)
    # Only the NSPCC number has hours: no other line says anything about now.
    expect(page.locator(".opening-status")).to_have_count(2)


def test_open_and_closed_are_accessible(live_site, away_page):
    axe = Axe()
    for moment in ("2026-12-01T12:00", "2026-12-01T23:00"):
        away_page.clock.set_fixed_time(utc(moment))
        live_site.open(away_page, SERVICE_PATH)
        expect(away_page.locator(".opening-status").first).to_be_visible()
        response = axe.run(away_page, options=AXE_OPTIONS).response
        assert response["passes"]
        assert not response["violations"], "\n".join(_describe(moment, v) for v in response["violations"])


def test_without_javascript_the_hours_alone_show(live_site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        live_site.open(page, "/")
        expect(page.locator(".emergency-line .opening-hours")).to_have_text(HOURS_WORDS)
        expect(page.locator(".opening-status")).to_have_count(0)
        assert "now" not in page.locator(".emergency-line").inner_text()
    finally:
        context.close()


# Other weeks than the NSPCC's, on a page of their own -------------------------------

WEEKS = {
    "always": {day: ["00:00", "24:00"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}
    | {"saturday": ["00:00", "24:00"], "sunday": ["00:00", "24:00"]},
    "office": {day: ["09:00", "17:30"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
    "late": {"friday": ["18:00", "24:00"], "saturday": ["00:00", "02:00"], "sunday": ["12:00", "24:00"]},
    "weekend_nights": {"sunday": ["20:00", "24:00"], "monday": ["00:00", "06:00"]},
}


@pytest.mark.parametrize(
    ("week", "moment", "expected"),
    [
        ("always", "2026-12-01T03:00", "Open now."),
        ("office", "2026-12-05T12:00", "Closed now, opens 9am on Monday."),  # Saturday
        ("office", "2026-12-04T17:00", "Open now, closes 5:30pm."),
        ("office", "2026-12-03T12:30", "Open now, closes 5:30pm."),
        ("late", "2026-12-04T20:00", "Open now, closes 2am tomorrow."),  # runs past midnight into Saturday
        ("late", "2026-12-06T20:00", "Open now, closes midnight."),  # Sunday: midnight ends that day
        ("late", "2026-12-05T03:00", "Closed now, opens midday tomorrow."),
        ("weekend_nights", "2026-12-07T01:00", "Open now, closes 6am."),  # Monday, across the end of the week
        ("weekend_nights", "2026-12-06T21:00", "Open now, closes 6am tomorrow."),
        ("weekend_nights", "2026-12-02T10:00", "Closed now, opens 8pm on Sunday."),
    ],
)
def test_the_script_reads_any_week(browser, week, moment, expected):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(utc(moment))
        page.set_content('<p><span class="opening-hours" id="line"></span></p>', wait_until="domcontentloaded")
        page.locator("#line").evaluate(
            "(el, hours) => el.setAttribute('data-opening-hours', hours)", json.dumps(WEEKS[week])
        )
        page.add_script_tag(path=str(SCRIPT))
        expect(page.locator(".opening-status")).to_have_text(expected)
    finally:
        context.close()
