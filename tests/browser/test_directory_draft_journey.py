"""A directory change, in Chromium, against the live site: an editor's draft, a publisher's publish.

An editor signs in, changes the NSPCC helpline's number in the service's admin
form and saves: the answer is the draft's page, and visitors still get the old
number. Opening the service again shows the draft, not what visitors see. A
publisher opens the draft from the dashboard, sees the old and the new number
side by side (axe-core finds nothing on that page), and publishes it: the next
visitor gets the new number.

Also: a publisher's plain Save of a situation, with djangocms-text's editor
posting its steps as Chromium does, adds no blank step (issue 15, finding 4).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE_OPTIONS, _describe
from tests.browser.test_editor_journey import (
    _create_account,
    publish_anyway_if_asked,
    submit,
)

# `make test` runs editors' journeys once, in the PostgreSQL + Redis pass (pyproject.toml's markers).
pytestmark = pytest.mark.once_on_postgres

SERVICE = "/get-help/nspcc-helpline/"
OLD_TEL = "tel:+448088005000"
NEW_NUMBER = "0808 800 5009"
NEW_TEL = "tel:+448088005009"


def sign_in(page, site, account, next_path):
    page.goto(site.url("/admin/login/?next=" + next_path))
    page.fill("#id_username", account.email)
    page.fill("#id_password", account.password)
    submit(page, page.locator("#login-form [type=submit]"), f"signing in as {account.email}")


def numbers_a_visitor_gets(page, site):
    site.open(page, SERVICE)
    return {link.get_attribute("href") for link in page.locator("main a[href^='tel:']").all()}


def test_an_editors_directory_change_is_published_by_a_publisher(live_site, new_page):  # noqa: F811
    env = live_site.env
    editor_account = _create_account(env, "editor")
    publisher_account = _create_account(env, "publisher")
    visitor = new_page()
    assert OLD_TEL in numbers_a_visitor_gets(visitor, live_site)

    # The editor finds the service in the admin and changes its number.
    editor = new_page()
    sign_in(editor, live_site, editor_account, "/admin/directory/service/")
    editor.get_by_role("link", name="NSPCC Helpline", exact=True).click()
    expect(editor.locator(".entry-draft-note")).to_contain_text("Saving makes a draft")
    number = editor.locator("input[name^='contact_methods-'][name$='-value'][value='08088005000']")
    expect(number).to_have_count(1)
    number.fill(NEW_NUMBER)
    submit(editor, editor.locator("input[name=_save]"), "the editor saving the service")
    expect(editor.locator(".messagelist li")).to_have_count(1)
    expect(editor.locator(".messagelist")).to_contain_text("Saved as a draft")
    expect(editor.locator("#content-main")).to_contain_text("0808 800 5009")
    expect(editor.get_by_role("button", name="Publish this draft")).to_have_count(0)

    # Opening the service again shows the draft, and says so.
    editor.get_by_role("link", name="Open the draft to change it").click()
    expect(editor.locator(".entry-draft-note")).to_contain_text("You are editing a draft")
    expect(editor.locator("input[name^='contact_methods-'][name$='-value'][value='08088005009']")).to_have_count(1)

    numbers = numbers_a_visitor_gets(visitor, live_site)
    assert OLD_TEL in numbers, numbers
    assert NEW_TEL not in numbers, numbers

    # The publisher opens it from the dashboard, compares and publishes.
    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, "/admin/dashboard/")
    publisher.locator(".dashboard-drafts a", has_text="NSPCC Helpline").click()
    changes = publisher.locator("#content-main")
    expect(changes).to_contain_text("0808 800 5000")
    expect(changes).to_contain_text("0808 800 5009")
    results = Axe().run(publisher, options=AXE_OPTIONS).response
    assert not results["violations"], "\n".join(_describe("the draft's page", v) for v in results["violations"])
    submit(publisher, publisher.get_by_role("button", name="Publish this draft"), "publishing the draft")
    publish_anyway_if_asked(publisher, "publishing the draft")
    expect(publisher.locator(".messagelist")).to_contain_text("Published")

    numbers = numbers_a_visitor_gets(visitor, live_site)
    assert NEW_TEL in numbers, numbers
    assert OLD_TEL not in numbers, numbers


def test_a_publishers_plain_save_of_a_situation_adds_no_blank_step(live_site, new_page):  # noqa: F811
    publisher_account = _create_account(live_site.env, "publisher")
    visitor = new_page()
    site_path = "/what-should-i-do/child-in-danger-now/"
    live_site.open(visitor, site_path)
    steps = visitor.locator("main li.step").all_inner_texts()
    assert steps, "no steps on the page"

    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, "/admin/directory/situation/")
    publisher.get_by_role("link", name="A child is in immediate danger", exact=True).click()
    expect(publisher.locator(".tiptap[contenteditable=true]").first).to_be_attached()  # the text editor is ready
    submit(publisher, publisher.locator("input[name=_save]"), "the publisher saving the situation")
    expect(publisher.locator(".messagelist")).to_contain_text("was changed successfully")

    live_site.open(visitor, site_path)
    assert visitor.locator("main li.step").all_inner_texts() == steps
