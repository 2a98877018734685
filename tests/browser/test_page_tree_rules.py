"""The page tree: moves and "Set as home" are a Publisher's, asked about first, and recorded (issue 15, finding 6).

An Editor opens the page tree from the toolbar's "Pages": it says these
changes are for Publishers; "Set as home", "Cut" (the menu's way to move a
page), "Advanced settings" and "Delete" are disabled; dragging a page does not
move it, and a visitor still finds it at its address.

A Publisher's drag and "Set as home" ask first (window.confirm, answered here
through Playwright's dialog events): saying no changes nothing; saying yes to
"Set as home" makes the page the home page, visitors at "/" see it, and the
page's history records it. The Publisher then makes the original home page the
home page again, so the other browser tests find the site as it was.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.test_editor_journey import _create_account, sign_in

# `make test` runs editors' journeys once, in the PostgreSQL + Redis pass (pyproject.toml's markers).
pytestmark = pytest.mark.once_on_postgres

PAGE = "Accessibility statement"  # a page with no pages below it
PAGE_PATH = "/accessibility/"
NEIGHBOUR = "Using this site safely"  # the page above it in the tree
DISABLED = re.compile(r"\bcms-pagetree-dropdown-item-disabled\b")
MOVE_QUESTION = "Move this page here?"
HOME_QUESTION = "Make this page the home page?"


def open_page_tree(page, site) -> None:
    """The toolbar's "Pages" entry (a side-frame link), opened as a page."""
    pages = page.locator('.cms-toolbar a[href*="/admin/cms/pagecontent/"][href*="page_id="]')
    expect(pages, "the toolbar has no Pages entry").to_have_count(1)
    page.goto(site.url(pages.get_attribute("href")))


def tree_order(page) -> list[str]:
    """The pages' titles, top to bottom, once the tree's script has loaded them."""
    expect(page.locator(".jstree-anchor", has_text=PAGE)).to_be_visible()
    return [" ".join(anchor.inner_text().split()) for anchor in page.locator(".jstree-anchor").all()]


def node_id(page, title: str) -> str:
    anchor = page.locator(".jstree-anchor", has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))
    return anchor.locator("xpath=..").get_attribute("data-id")


def open_menu(page, title: str):
    """A page's menu (the ≡ button on its row), loaded by the tree's script; returns its items."""
    page.locator(f'.js-cms-pagetree-options[data-id="{node_id(page, title)}"]').click()
    menu = page.locator(".js-cms-pagetree-dropdown-menu").filter(visible=True)
    expect(menu.locator("a", has_text="Set as home")).to_be_visible()
    return menu


def menu_item(menu, label: str):
    return menu.locator("a", has_text=label)


def drag_above(page, title: str, neighbour: str) -> None:
    """Press on the page's title and drag it onto the top edge of the row above (before that page)."""
    source = page.locator(".jstree-anchor", has_text=title).bounding_box()
    target = page.locator(".jstree-anchor", has_text=neighbour).bounding_box()
    x = source["x"] + source["width"] / 2
    y = source["y"] + source["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5, y + 3, steps=3)  # past the drag threshold
    page.mouse.move(x, target["y"] + 2, steps=10)
    page.mouse.up()


def home_in_tree(page) -> str:
    return " ".join(page.locator('li[data-is-home="true"] > .jstree-anchor').inner_text().split())


def visitor_h1(visitor, site, path: str) -> str:
    response = visitor.goto(site.url(path))
    assert response.status == 200, f"a visitor at {path}: HTTP {response.status}"
    return visitor.locator("h1").inner_text().strip()


class Dialogs:
    """Every question the page asks, answered in turn with the answers given."""

    def __init__(self, page):
        self.asked: list[str] = []
        self.answers: list[bool] = []
        page.on("dialog", self.answer)

    def answer(self, dialog):
        self.asked.append(dialog.message)
        accept = self.answers.pop(0) if self.answers else False
        dialog.accept() if accept else dialog.dismiss()


def reloads(page, action, what: str) -> None:
    """Do ``action``; the page tree's script asks, then the tree reloads whatever the answer."""
    try:
        with page.expect_navigation():
            action()
    except PlaywrightTimeoutError:
        pytest.fail(f"{what}: the page tree did not reload, so it did not ask first", pytrace=False)


def set_as_home(page, title: str, dialogs: Dialogs, accept: bool) -> None:
    dialogs.answers.append(accept)
    asked = len(dialogs.asked)
    menu = open_menu(page, title)
    reloads(page, menu_item(menu, "Set as home").click, f"Set as home on {title!r}")
    assert len(dialogs.asked) == asked + 1, "Set as home did not ask first"
    assert dialogs.asked[-1].startswith(HOME_QUESTION), dialogs.asked[-1]


def test_an_editor_cannot_move_a_page_or_change_the_home_page(live_site, new_page):  # noqa: F811 - the fixture
    editor_account = _create_account(live_site.env, "editor")
    visitor = new_page()
    home = visitor_h1(visitor, live_site, "/")
    assert visitor_h1(visitor, live_site, PAGE_PATH) == PAGE

    editor = new_page()
    sign_in(editor, live_site, editor_account, "/")
    open_page_tree(editor, live_site)
    expect(editor.locator(".page-tree-rules")).to_contain_text(
        "Moving pages, setting the home page, advanced settings and deleting pages change the site for"
        " visitors at once, so they are for Publishers."
    )
    before = tree_order(editor)
    assert before.index(NEIGHBOUR) + 1 == before.index(PAGE), before

    menu = open_menu(editor, PAGE)
    for label in ("Set as home", "Cut", "Advanced settings", "Delete"):
        expect(menu_item(menu, label), f"{label!r} is offered to an Editor").to_have_class(DISABLED)
    editor.reload()

    dialogs = Dialogs(editor)
    moves = []
    editor.on("request", lambda request: moves.append(request.url) if "/move-page/" in request.url else None)
    drag_above(editor, PAGE, NEIGHBOUR)
    editor.wait_for_load_state("networkidle")
    assert dialogs.asked == [], f"the Editor's drag asked {dialogs.asked}: it would have moved the page"
    assert moves == [], f"the Editor's drag asked the server to move the page: {moves}"
    editor.reload()
    assert tree_order(editor) == before
    assert visitor_h1(visitor, live_site, PAGE_PATH) == PAGE
    assert visitor_h1(visitor, live_site, "/") == home


def test_a_publishers_home_change_asks_first_and_is_recorded(live_site, new_page):  # noqa: F811 - the fixture
    publisher_account = _create_account(live_site.env, "publisher")
    visitor = new_page()
    home = visitor_h1(visitor, live_site, "/")

    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, "/")
    open_page_tree(publisher, live_site)
    before = tree_order(publisher)
    home_title = home_in_tree(publisher)
    dialogs = Dialogs(publisher)

    # The same drag as the Editor's asks a Publisher first; saying no moves nothing.
    reloads(publisher, lambda: drag_above(publisher, PAGE, NEIGHBOUR), "the Publisher's drag")
    assert len(dialogs.asked) == 1, f"the Publisher's drag asked {dialogs.asked}"
    assert dialogs.asked[0].startswith(MOVE_QUESTION), dialogs.asked[0]
    assert tree_order(publisher) == before
    assert visitor_h1(visitor, live_site, PAGE_PATH) == PAGE

    # "Set as home": no changes nothing.
    set_as_home(publisher, PAGE, dialogs, accept=False)
    assert visitor_h1(visitor, live_site, "/") == home
    assert visitor_h1(visitor, live_site, PAGE_PATH) == PAGE

    try:
        # Yes: visitors at "/" see the page, and its history says who made it the home page.
        set_as_home(publisher, PAGE, dialogs, accept=True)
        assert home_in_tree(publisher) == PAGE
        assert visitor_h1(visitor, live_site, "/") == PAGE
        publisher.goto(live_site.url(f"/admin/cms/page/{node_id(publisher, PAGE)}/history/"))
        record = publisher.locator("#change-history tbody tr", has_text=f"Made “{PAGE}” the home page")
        expect(record).to_have_count(1)
        expect(record).to_contain_text(publisher_account.email)
        expect(record).to_contain_text(f"its address was {PAGE_PATH}")
    finally:
        # The original home page back, the same way: the other browser tests expect it.
        if visitor_h1(visitor, live_site, "/") != home:
            publisher.goto(live_site.url("/"))
            open_page_tree(publisher, live_site)
            set_as_home(publisher, home_title, dialogs, accept=True)
    assert visitor_h1(visitor, live_site, "/") == home
    assert visitor_h1(visitor, live_site, PAGE_PATH) == PAGE
