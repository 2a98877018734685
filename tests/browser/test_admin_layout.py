"""The admin's screens fit where editors open them: a page's versions in the toolbar's side panel.

At 1280 px wide, djangocms-versioning's list of a page's versions in the side
panel put each version's buttons (edit, publish, discard...) past the panel's
right edge, out of reach (issue 15, finding 11). static/css/admin.css lays the
list out to fit; this opens it from the toolbar, as a Publisher would, and
checks every button is inside the panel and on screen.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.test_editor_journey import _create_account, sign_in, submit

WIDTH, HEIGHT = 1280, 800
# `make test` runs editors' journeys once, in the PostgreSQL + Redis pass (pyproject.toml's markers).
pytestmark = pytest.mark.once_on_postgres

# A page no other browser test edits: the draft made here stays in the shared live site.
PAGE = "/accessibility/"
REACHABLE = """button => {
    const r = button.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    return x < innerWidth && y < innerHeight && button.contains(document.elementFromPoint(x, y));
}"""


def _wait_until_still(locator, timeout=10.0):
    """Until the element's box is the same on two reads 100 ms apart (a fixed sleep is too short on a busy machine)."""
    deadline = time.monotonic() + timeout
    before = locator.bounding_box()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = locator.bounding_box()
        if now == before:
            return
        before = now
    pytest.fail(f"the side panel was still moving after {timeout} s")


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_every_version_button_is_inside_the_side_panel_at_1280_px(live_site, wide_page, tmp_path):
    page = wide_page
    sign_in(page, live_site, _create_account(live_site.env, "publisher"), PAGE)
    # A draft beside the published version: the list's rows then carry every kind of button.
    submit(page, page.locator(".cms-toolbar .cms-versioning-js-edit-btn"), "New Draft from the toolbar")
    page.locator(".cms-toolbar-item-navigation > li > a", has_text="Version #").click()
    page.locator(".cms-toolbar a", has_text="Manage Versions").click()

    panel = page.locator(".cms-sideframe-frame iframe")
    expect(panel).to_be_visible()
    versions = page.frame_locator(".cms-sideframe-frame iframe")
    buttons = versions.locator("#result_list td.field-list_actions a")
    expect(buttons.first).to_be_visible()
    _wait_until_still(panel)  # the side panel opens with an animation
    page.screenshot(path=str(tmp_path / "versions-in-side-panel-1280.png"))

    box = panel.bounding_box()
    right_edge = min(box["x"] + box["width"], WIDTH)
    assert buttons.count() >= 4, "the draft and the published version should have their buttons"
    for i in range(buttons.count()):
        button = buttons.nth(i)
        where = button.bounding_box()
        name = button.get_attribute("title")
        assert where is not None, f"the {name} button is not laid out"
        outside = (
            f"the {name} button ({where['x']:.0f}–{where['x'] + where['width']:.0f} px) is outside the side panel"
            f" ({box['x']:.0f}–{right_edge:.0f} px) at {WIDTH} px wide"
        )
        assert box["x"] <= where["x"], outside
        assert where["x"] + where["width"] <= right_edge, outside
        if "inactive" in (button.get_attribute("class") or ""):
            continue  # greyed out and not clickable by design (e.g. Unlock on one's own draft)
        # Not clipped by the table's scrolling box nor covered by the filter: a click at its middle reaches it.
        assert button.evaluate(REACHABLE), f"the {name} button is hidden (clipped or covered) at {WIDTH} px wide"
