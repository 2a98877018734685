"""The content checks in Chromium: an Editor's draft with problems, its Checks screen, axe, phone size, Publish anyway.

The drafts are made with `manage.py shell` in the live site's throwaway database (as the
accounts are made with createeditor): writing a skipped heading and a link into the rich-text
editor by keyboard is not what is tested here. Everything after is the browser's: the
Page menu's "Check this draft" and "Preview at phone size", axe run by the Checks screen's own script, and
the Publisher's Publish in the version list.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import _run_manage
from tests.browser.test_accessibility import AXE_OPTIONS, _describe
from tests.browser.test_editor_journey import (
    _create_account,
    open_versions,
    submit,
    version_row,
    versions_list_url,
)
from tests.integration.test_content_checks_screens import FIXED, LONG_SENTENCE, WITH_PROBLEMS

# `make test` runs editors' journeys once, in the PostgreSQL + Redis pass (pyproject.toml's markers).
pytestmark = pytest.mark.once_on_postgres

MAKE_DRAFT = """
import json, sys
from cms.api import add_plugin, create_page
from cms.models import PageContent
from cms.toolbar.utils import get_object_edit_url
from django.contrib.auth import get_user_model
from djangocms_versioning.models import Version
slug, email, body = json.loads(sys.stdin.read())
user = get_user_model().objects.get(email=email)
page = create_page("Asking the police", "pages/content.html", "en", slug=slug, created_by=user, in_navigation=False)
content = PageContent.admin_manager.get(page=page, language="en")
add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body=body)
print(json.dumps({"edit": get_object_edit_url(content), "version": Version.objects.get_for_content(content).pk}))
"""
PAGE_AXE_OPTIONS = {**AXE_OPTIONS, "iframes": False}  # the screen itself, not the draft it checks off screen


def make_draft(env: dict, body: str, editor_email: str) -> tuple[str, str]:
    """A new page's draft by the Editor: its path on the site and its edit-mode address."""
    slug = f"asking-the-police-{time.time_ns()}"
    out = _run_manage(env, "shell", "-c", MAKE_DRAFT, input=json.dumps([slug, editor_email, body]))
    made = json.loads(out.strip().splitlines()[-1])
    return f"/{slug}/", made["edit"]


def sign_in(page, site, account, next_path: str) -> None:
    """The admin sign-in form, then ``next_path`` (in edit mode the rich-text editor has a .cms-toolbar too)."""
    page.goto(site.url("/admin/login/?" + urlencode({"next": next_path})))
    page.fill("#id_username", account.email)
    page.fill("#id_password", account.password)
    submit(page, page.locator("#login-form [type=submit]"), f"signing in as {account.email}")
    # A draft another editor holds opens in preview mode (djangocms-versioning's locking).
    allowed = {next_path, next_path.replace("/edit/", "/preview/")}
    assert urlsplit(page.url).path in allowed, f"after signing in, at {page.url} (expected {next_path})"
    expect(page.locator("#cms-top")).to_be_attached()


def press_publish(page, site) -> None:
    """Publish in the page's version list, opened from the toolbar (the Editor holds the draft, so no edit mode)."""
    versions = open_versions(page, site, versions_list_url(page))
    number = max(versions)
    assert versions[number] == "Draft", versions
    submit(page, version_row(page, number).locator("a.cms-action-publish"), "the Publisher's Publish")


def no_axe_violations(page, what: str) -> None:
    results = Axe().run(page, options=PAGE_AXE_OPTIONS).response
    assert not results["violations"], "\n".join(_describe(what, v) for v in results["violations"])


def open_checks(page, site):
    """The Page menu's "Check this draft" (a side-panel item), opened as a page."""
    link = page.locator("#cms-top .cms-toolbar-item-navigation a", has_text="Check this draft")
    expect(link).to_have_count(1)
    page.goto(site.url(link.get_attribute("href")))
    expect(page.locator("#content h1")).to_have_text("Checks: Asking the police")
    expect(page.locator("#browser-checks[data-axe-done]")).to_be_attached(timeout=30_000)


def test_an_editors_draft_with_problems_is_checked_and_the_publisher_confirms(live_site, new_page):  # noqa: F811
    env = live_site.env
    editor_account = _create_account(env, "editor")
    publisher_account = _create_account(env, "publisher")
    path, edit_url = make_draft(env, WITH_PROBLEMS, editor_account.email)

    # The Editor opens the draft and its checks from the toolbar: each problem is named.
    editor = new_page()
    sign_in(editor, live_site, editor_account, urlsplit(edit_url).path)
    open_checks(editor, live_site)
    problems = editor.locator(".checks-errors .checks-finding")
    expect(problems.filter(has_text="Skipped heading level")).to_contain_text("What the police do")
    expect(problems.filter(has_text="Unclear link")).to_contain_text("click here")
    expect(problems.filter(has_text="Phone number that will not work")).to_contain_text("0800 555 11")
    expect(editor.locator(".checks-advice .checks-finding", has_text="Long sentence")).to_contain_text(LONG_SENTENCE)
    expect(editor.locator(".checks-figures")).to_contain_text("Reading age")
    # axe, in the Editor's browser, on the draft's preview: the skipped heading again.
    expect(editor.locator("#browser-checks .axe-status")).to_contain_text("axe found")
    heading_order = editor.locator('#browser-checks li[data-rule="heading-order"]')
    expect(heading_order).to_contain_text("Where: “What the police do” (h4)")
    no_axe_violations(editor, "the Checks screen")

    # Phone size: the draft in a frame exactly 390 pixels wide inside.
    editor.goto(live_site.url(urlsplit(edit_url).path))
    editor.locator("#cms-top .cms-toolbar-item-navigation > li > a", has_text="Page").click()
    editor.locator("#cms-top a", has_text="Preview at phone size").click()
    frame = editor.locator("iframe.phone-frame")
    expect(frame).to_be_visible()
    inside = frame.element_handle().content_frame()
    inside.wait_for_load_state()
    assert inside.evaluate("window.innerWidth") == 390
    assert "What the police do" in inside.locator("main").inner_text()
    with editor.expect_navigation():
        editor.get_by_role("link", name="Back to desktop width").click()
    expect(editor.locator("iframe.phone-frame")).to_have_count(0)
    assert editor.evaluate("window.innerWidth") > 390

    # The Publisher presses Publish: asked first, with the findings.
    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, urlsplit(edit_url).path)
    press_publish(publisher, live_site)
    expect(publisher.locator("#content h1")).to_contain_text("with these findings?")
    expect(publisher.locator(".checks-errors")).to_contain_text("click here")
    no_axe_violations(publisher, "the Publish anyway page")
    visitor = new_page()
    assert visitor.goto(live_site.url(path)).status == 404, "published before the Publisher confirmed"
    submit(publisher, publisher.get_by_role("button", name="Publish anyway"), "Publish anyway")
    assert visitor.goto(live_site.url(path)).status == 200
    expect(visitor.locator("main")).to_contain_text("What the police do")


def test_with_the_problems_fixed_the_checks_are_clean_and_publishing_needs_no_confirmation(live_site, new_page):  # noqa: F811
    env = live_site.env
    editor_account = _create_account(env, "editor")
    publisher_account = _create_account(env, "publisher")
    path, edit_url = make_draft(env, FIXED, editor_account.email)

    editor = new_page()
    sign_in(editor, live_site, editor_account, urlsplit(edit_url).path)
    open_checks(editor, live_site)
    expect(editor.locator(".checks-summary")).to_have_text("No problems found")
    expect(editor.locator(".checks-finding")).to_have_count(0)
    expect(editor.locator("#browser-checks .axe-status")).to_have_text(
        "No problems found by axe in the draft's preview."
    )
    no_axe_violations(editor, "the Checks screen")

    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, urlsplit(edit_url).path)
    press_publish(publisher, live_site)
    expect(publisher.locator("form.checks-confirm")).to_have_count(0)
    visitor = new_page()
    assert visitor.goto(live_site.url(path)).status == 200
    expect(visitor.locator("main")).to_contain_text("He may spend time with children in your street.")
