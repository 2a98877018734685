"""An edit after scheduling, in Chromium, against the live site (issue 15, finding 7).

A Publisher schedules an Editor's draft of a guide page; the toolbar on the page
says it is scheduled, and when. The Editor then changes the draft in the
toolbar's own plugin window: the toolbar, drawn again after the save, tells them
the schedule is cancelled and that a Publisher must schedule or publish it
again, and the Publisher's dashboard shows the cancelled schedule with why, who
and when. When ``run_publication_schedule`` then runs (against the live site's
database, with its environment, as the timer would), nothing is published: a
visitor still sees the page as it was.

The schedule keeps the form's own time (now, to the minute), so it is due when
the command runs: nothing waits for time to pass. The Editor's first change is
made in the plugin form opened as a page, as test_editor_journey.py does; the
change after scheduling is made in the modal window a double-click opens. Both
are typed with the keyboard. (django CMS 5.1 does not show the messages a plugin
form returns once its window closes, so the toolbar is what tells the editor.)
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _run_manage
from tests.browser.test_editor_journey import _create_account, sign_in, submit

# `make test` runs editors' journeys once, in the PostgreSQL + Redis pass (pyproject.toml's markers).
pytestmark = pytest.mark.once_on_postgres

PART = "/guide/what-information-can-i-get/"  # a guide part no other browser test edits
TITLE = "What specific information about child sex offenders do I have rights to?"
OLD = "on a case-by-case basis"
SCHEDULED = "on a careful basis"  # the Editor's draft, which the Publisher schedules
LATER = "on a hurried basis"  # the Editor's change after scheduling
EDIT_MODE_URL = re.compile(r"/admin/cms/placeholder/object/\d+/edit/\d+/")


def visitor_sees(page, site, present: str, absent: list[str], when: str) -> None:
    for load in range(1, 4):  # loaded a few times: each gunicorn worker takes some
        site.open(page, PART)
        text = page.locator("main").inner_text()
        assert present in text, f"{when}: a visitor (load {load}) does not see {present!r}"
        for words in absent:
            assert words not in text, f"{when}: a visitor (load {load}) sees {words!r}"


def select_words(rich_text, words: str) -> str | None:
    """Select ``words`` in the rich-text editor, as a person would with the mouse; return the selection."""
    return rich_text.evaluate(
        """(root, word) => {
            const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(word);
                if (at >= 0) {
                    root.focus();
                    const range = root.ownerDocument.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    const selection = root.ownerDocument.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return selection.toString();
                }
            }
            return null;
        }""",
        words,
    )


def replace_words(page, site, edit_mode: str, old: str, new: str, what: str) -> None:
    """Open the text plugin holding ``old`` in its form (as the toolbar's modal does), type ``new`` over it, save."""
    page.goto(edit_mode)
    plugin = page.locator('.cms-plugin[data-cms-type="TextPlugin"]', has_text=old)
    expect(plugin).to_have_count(1)
    form_url = plugin.get_attribute("data-cms-edit-url")
    path = urlsplit(edit_mode)
    page.goto(site.url(form_url + "?" + urlencode({"cms_path": f"{path.path}?{path.query}"})))
    rich_text = page.locator("#id_body_editor [contenteditable=true]")
    expect(rich_text).to_contain_text(old)
    selected = select_words(rich_text, old)
    assert selected == old, f"could not select {old!r} in the editor: {selected!r}"
    page.keyboard.type(new)
    expect(rich_text).to_contain_text(new)
    submit(page, page.locator("input[name=_save]"), what)
    expect(page.locator("body.cms-close-frame")).to_be_attached()  # the modal's "saved, close me" page


def run_publication_schedule(env: dict) -> str:
    return _run_manage(env, "run_publication_schedule")


def test_an_edit_after_scheduling_cancels_the_schedule_and_nothing_goes_live(live_site, new_page):
    env = live_site.env
    editor_account = _create_account(env, "editor")
    publisher_account = _create_account(env, "publisher")
    visitor = new_page()
    visitor_sees(visitor, live_site, OLD, [SCHEDULED, LATER], "before any change")

    # 1. The Editor makes a draft and changes a few words in it.
    editor = new_page()
    sign_in(editor, live_site, editor_account, PART)
    submit(editor, editor.locator(".cms-toolbar .cms-versioning-js-edit-btn"), "New Draft from the toolbar")
    assert EDIT_MODE_URL.search(editor.url), f"New Draft did not open the draft in edit mode: {editor.url}"
    edit_mode = editor.url
    replace_words(editor, live_site, edit_mode, "case-by-case", "careful", "the Editor's draft")

    # 2. The Publisher schedules that draft, keeping the form's time (now): due at the next run.
    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, PART)
    publisher.goto(live_site.url("/admin/editors/publicationschedule/add/"))
    choice = publisher.locator("#id_version option", has_text=re.compile(re.escape(TITLE) + r".*draft"))
    expect(choice).to_have_count(1)
    publisher.select_option("#id_version", value=choice.get_attribute("value"))
    scheduled_for = f"{publisher.input_value('#id_publish_at_0')} {publisher.input_value('#id_publish_at_1')}"
    submit(publisher, publisher.locator("input[name=_save]"), "scheduling the draft")
    expect(publisher.locator(".messagelist")).to_contain_text("was added successfully")

    # The page says it is scheduled, and when, to the Publisher and to the Editor.
    scheduled_note = re.compile(r"Scheduled to publish on \d{1,2} \w+ \d{4} at \d\d:\d\d \(UK time\)")
    publisher.goto(live_site.url(PART))
    expect(publisher.locator(".cms-toolbar .editors-schedule")).to_have_text(scheduled_note)
    editor.goto(edit_mode)
    expect(editor.locator(".cms-toolbar .editors-schedule")).to_have_text(scheduled_note)

    # 3. The Editor changes the draft again, in the toolbar's own plugin window (double-click
    # the text, with inline editing off). The toolbar, drawn again after the save, says the
    # schedule is cancelled: by whom, and what happens now.
    editor.goto(edit_mode + ("&" if "?" in edit_mode else "?") + "inline_editing=0")
    editor.locator(".cms-plugin", has_text="careful").first.dblclick()
    modal = editor.frame_locator(".cms-modal-frame iframe")
    rich_text = modal.locator("#id_body_editor [contenteditable=true]")
    expect(rich_text).to_contain_text("careful")
    assert select_words(rich_text, "careful") == "careful"
    editor.keyboard.type("hurried")
    expect(rich_text).to_contain_text(LATER)
    editor.locator(".cms-modal-buttons .cms-btn-action", has_text=re.compile("save", re.IGNORECASE)).click()
    expect(editor.locator(".cms-modal")).to_be_hidden()
    expect(editor.locator(".cms-toolbar .editors-schedule")).to_have_text(
        "Schedule cancelled: a Publisher must schedule or publish it again"
    )
    why = editor.locator(".cms-toolbar .editors-schedule-cancelled")
    expect(why.nth(1)).to_contain_text(f"{editor_account.email} changed the draft after it was scheduled.")
    editor.goto(edit_mode)
    expect(editor.locator(".cms-plugin", has_text=LATER).first).to_be_attached()  # the change was saved

    # 4. The Publisher's dashboard shows the cancelled schedule: why, who and when.
    publisher.goto(live_site.url("/admin/dashboard/"))
    row = publisher.locator("table.dashboard-cancelled-schedules tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("the draft was changed after it was scheduled")
    expect(row).to_contain_text(editor_account.email)
    expect(row).to_contain_text(re.compile(r"\d{1,2} \w+ \d{4} at \d\d:\d\d"))
    expect(publisher.locator("table.dashboard-schedules tbody tr", has_text=TITLE)).to_have_count(0)

    # 5. The timer runs: nothing is published, and a visitor still sees the page as it was.
    report = run_publication_schedule(env)
    assert not [line for line in report.splitlines() if line.startswith("published")], report
    visitor_sees(visitor, live_site, OLD, [SCHEDULED, LATER], f"after the timer ran (scheduled for {scheduled_for})")
