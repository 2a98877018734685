"""Two editors on one page draft, in two browsers: nobody's work is lost (issue 15, finding 1).

Editor A makes a draft of a guide part from the toolbar and adds a paragraph.
Editor B, in another browser context, opens the same page: the toolbar says,
legibly, that A is editing the draft and since when, and what B can do; B has
no way into edit mode, and B's direct post to the paragraph's edit form (the
URL A's edit mode gives) is refused. A's paragraph is still in the draft.

A Publisher sees the lock in the version list and unlocks the draft from the
toolbar; A is emailed (the live site prints email on its console: its log).
B can then edit. A, whose edit form was still open, saves after B has changed
the same paragraph: refused, so B's change is not silently overwritten.

The paragraph is added in the plugin's add form opened as a page (the form the
structure board opens in its modal, with the parameters its script sends), as
the editor journey does for the edit form: driving the modal is timing-sensitive.
The typing is real.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.test_editor_journey import (
    _create_account,
    sign_in,
    submit,
    version_row,
    versions_list_url,
)

# `make test` runs editors' journeys once, in the PostgreSQL + Redis pass (pyproject.toml's markers).
pytestmark = pytest.mark.once_on_postgres

# Not a page another browser test edits: each expects to start a draft of its own.
GUIDE_PART = "/guide/if-you-are-worried-about-someone/"
A_PARAGRAPH = "A new paragraph from the first editor about asking the police."
B_WORDS = "The second editor rewrote this paragraph."
A_LATER = " And one more sentence from the first editor."

EDIT_MODE_URL = re.compile(r"/admin/cms/placeholder/object/\d+/edit/\d+/")
PREVIEW_URL = re.compile(r"/admin/cms/placeholder/object/\d+/preview/\d+/")
LONDON = ZoneInfo("Europe/London")  # settings.TIME_ZONE: the times editors read
LOCK_MESSAGE = ".cms-toolbar .draft-lock-message"
DATE_TIME = r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}"  # 30 Nov 2026, 14:02
LOCK_TIMES = re.compile(rf"Draft started (?P<started>{DATE_TIME}), last change ({DATE_TIME}|\d{{2}}:\d{{2}})")
WCAG_AA = 4.5  # contrast ratio for normal-size text

CONTRAST = """(element) => {
    // The ratio between the text's colour and the first opaque background behind it (WCAG 2).
    const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    let opacity = 1;
    for (let node = element; node; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
    }
    let background = null;
    for (let node = element; node && !background; node = node.parentElement) {
        const colour = rgb(getComputedStyle(node).backgroundColor);
        if (colour.length < 4 || colour[3] === 1) background = colour;
    }
    const text = rgb(getComputedStyle(element).color);
    const alpha = (text.length > 3 ? text[3] : 1) * opacity;
    const seen = text.slice(0, 3).map((c, i) => c * alpha + background[i] * (1 - alpha));
    const [light, dark] = [luminance(seen), luminance(background)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
}"""


def london_minute(moment: datetime) -> datetime:
    return moment.astimezone(LONDON).replace(second=0, microsecond=0, tzinfo=None)


def site_log(site) -> Path:
    """The live site's console output (conftest.start_gunicorn writes it beside the media folder)."""
    log = Path(site.env["DJANGO_MEDIA_ROOT"]).parent / "gunicorn.log"
    assert log.is_file(), f"the live site's log is not at {log}"
    return log


def cms_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def json_scripts(page, selector: str) -> list[dict]:
    return [json.loads(script.text_content()) for script in page.locator(selector).all()]


def add_paragraph(page, site, edit_mode: str, words: str) -> None:
    """The structure board's "add a Text plugin at the end of Content" form, typed into and saved."""
    [content] = [p for p in json_scripts(page, "script[data-cms-placeholder]") if p["name"] == "Content"]
    positions = [
        plugin["position"]
        for plugin in json_scripts(page, "script[data-cms-plugin]")
        if str(plugin["placeholder_id"]) == str(content["placeholder_id"])
    ]
    query = {
        "placeholder_id": content["placeholder_id"],
        "plugin_type": "TextPlugin",
        "plugin_language": "en",
        "plugin_position": max(positions, default=0) + 1,
        "cms_path": cms_path(edit_mode),
    }
    page.goto(site.url(content["urls"]["add_plugin"] + "?" + urlencode(query)))
    rich_text = page.locator("#id_body_editor [contenteditable=true]")
    rich_text.click()
    page.keyboard.type(words)
    expect(rich_text).to_contain_text(words)
    submit(page, page.locator("input[name=_save]"), "saving the new paragraph")
    expect(page.locator("body.cms-close-frame")).to_be_attached()  # the modal's "saved, close me" page


def open_plugin_form(page, site, plugin_form: str, edit_mode: str):
    """The plugin's edit form as the toolbar's modal shows it; returns its rich-text editor."""
    page.goto(site.url(plugin_form + "?" + urlencode({"cms_path": cms_path(edit_mode)})))
    rich_text = page.locator("#id_body_editor [contenteditable=true]")
    expect(rich_text).to_be_visible()
    return rich_text


def draft_paragraphs(page, edit_mode: str) -> str:
    page.goto(edit_mode)
    assert EDIT_MODE_URL.search(page.url), f"the draft's author could not open it for editing: {page.url}"
    return page.locator("main").inner_text()


def check_lock_message(page, holder: str, started_between: tuple[datetime, datetime]) -> None:
    """The toolbar says who holds the draft, since when, and what to do, legibly and in full view."""
    message = page.locator(LOCK_MESSAGE)
    expect(message, f"{page.url}: the toolbar does not say who is editing the draft").to_be_visible()
    text = " ".join(message.inner_text().split())
    assert f"Being edited by {holder}" in text, text
    assert "Ask them, or a Publisher, to unlock it." in text, text
    times = LOCK_TIMES.search(text)
    assert times, f"the toolbar does not say since when: {text!r}"
    started = datetime.strptime(times["started"], "%d %b %Y, %H:%M")
    earliest, latest = (london_minute(moment) for moment in started_between)
    assert earliest <= started <= latest, f"draft started {started}, expected {earliest} to {latest}"
    # Legible: djangocms-versioning's own message was drawn at 40% opacity.
    ratio = message.locator("p").evaluate(CONTRAST)
    assert ratio >= WCAG_AA, f"the lock message's contrast is {ratio:.2f}:1, below {WCAG_AA}:1"
    toolbar = page.locator(".cms-toolbar").bounding_box()
    box = message.bounding_box()
    spills = f"the lock message spills out of the toolbar: {box} in {toolbar}"
    assert box["y"] >= toolbar["y"], spills
    assert box["y"] + box["height"] <= toolbar["y"] + toolbar["height"] + 1, spills


def test_two_editors_on_one_draft(live_site, new_page):  # noqa: F811 - the journey's fixture
    env = live_site.env
    editor_a = _create_account(env, "editor")
    editor_b = _create_account(env, "editor")
    publisher_account = _create_account(env, "publisher")
    log = site_log(live_site)

    # 1. A makes a draft from the toolbar and adds a paragraph.
    a = new_page()
    sign_in(a, live_site, editor_a, GUIDE_PART)
    new_draft = a.locator(".cms-toolbar .cms-versioning-js-edit-btn")
    expect(new_draft, "the toolbar should offer New Draft: is there a draft of this page already?").to_have_text(
        re.compile("new draft", re.IGNORECASE)
    )
    before_draft = datetime.now(LONDON) - timedelta(minutes=1)  # the server's clock may differ a little
    submit(a, new_draft, "New Draft from the toolbar")
    after_draft = datetime.now(LONDON) + timedelta(minutes=1)
    assert EDIT_MODE_URL.search(a.url), f"New Draft did not open the draft in edit mode: {a.url}"
    edit_mode = a.url
    add_paragraph(a, live_site, edit_mode, A_PARAGRAPH)
    assert A_PARAGRAPH in draft_paragraphs(a, edit_mode)
    new_paragraph = a.locator('.cms-plugin[data-cms-type="TextPlugin"]', has_text=A_PARAGRAPH)
    expect(new_paragraph).to_have_count(1)
    plugin_form = new_paragraph.get_attribute("data-cms-edit-url")
    assert plugin_form, "the new paragraph has no edit URL in edit mode"

    # 2. B opens the same page in another browser: told who holds the draft, and cannot edit it.
    b = new_page()
    sign_in(b, live_site, editor_b, GUIDE_PART)
    check_lock_message(b, editor_a.email, (before_draft, after_draft))
    expect(b.locator(".cms-toolbar .cms-versioning-js-edit-btn"), "B is offered Edit on A's draft").to_have_count(0)
    # Only a Publisher may unlock: an Editor is not offered it (editors/unlock.py).
    expect(b.locator(".cms-toolbar .cms-versioning-js-unlock-btn"), "B is offered Unlock").to_have_count(0)
    # A's own address for the draft in edit mode shows B the draft, not edit mode.
    b.goto(edit_mode)
    assert PREVIEW_URL.search(b.url), f"B reached A's draft in edit mode: {b.url}"
    check_lock_message(b, editor_a.email, (before_draft, after_draft))
    expect(b.locator("main")).to_contain_text(A_PARAGRAPH)

    # B posts the paragraph's edit form directly: refused, nothing changed.
    refused = b.goto(live_site.url(plugin_form + "?" + urlencode({"cms_path": cms_path(edit_mode)})))
    assert refused.status == 403, f"B opened the paragraph's edit form: HTTP {refused.status}"
    [csrf] = [cookie["value"] for cookie in b.context.cookies() if cookie["name"] == "csrftoken"]
    posted = b.request.post(
        live_site.url(plugin_form + "?" + urlencode({"cms_path": cms_path(edit_mode)})),
        form={"csrfmiddlewaretoken": csrf, "body": f"<p>{B_WORDS}</p>"},
        headers={"X-CSRFToken": csrf},
    )
    assert posted.status == 403, f"B's post to the paragraph's edit form answered HTTP {posted.status}"
    text = draft_paragraphs(a, edit_mode)
    assert A_PARAGRAPH in text, "A's new paragraph is gone from the draft"
    assert B_WORDS not in text

    # 3. A Publisher sees the lock in the version list and unlocks the draft from the toolbar.
    publisher = new_page()
    sign_in(publisher, live_site, publisher_account, GUIDE_PART)
    check_lock_message(publisher, editor_a.email, (before_draft, after_draft))
    versions = versions_list_url(publisher)
    publisher.goto(live_site.url(versions))
    draft_row = publisher.locator("#result_list tbody tr").filter(
        has=publisher.locator("td.field-state", has_text="Draft")
    )
    expect(
        draft_row.locator("td.field-locked .cms-icon-lock"), "the version list does not show the lock"
    ).to_have_count(1)
    draft_number = int(draft_row.locator("td.field-number").inner_text())
    log_before = log.read_text(errors="replace")
    publisher.goto(live_site.url(GUIDE_PART))
    submit(publisher, publisher.locator(".cms-toolbar .cms-versioning-js-unlock-btn"), "the Publisher's Unlock")
    expect(publisher.locator(".messagelist")).to_contain_text("Version unlocked")
    expect(version_row(publisher, draft_number).locator("td.field-locked .cms-icon-lock")).to_have_count(0)

    # A is told by email.
    emails = log.read_text(errors="replace")[len(log_before) :]
    assert f"To: {editor_a.email}" in emails, f"no email to {editor_a.email} in the live site's output:\n{emails}"
    assert f"{publisher_account.email} has unlocked your draft" in emails, emails

    # 4. B can now edit; A's form, opened before B's change, is refused when A saves it.
    a_form = open_plugin_form(a, live_site, plugin_form, edit_mode)
    b.goto(live_site.url(GUIDE_PART))
    expect(b.locator(LOCK_MESSAGE)).to_have_count(0)
    submit(b, b.locator(".cms-toolbar .cms-versioning-js-edit-btn"), "B's Edit after the unlock")
    assert EDIT_MODE_URL.search(b.url), f"after the unlock, B's Edit went to {b.url}"
    b_form = open_plugin_form(b, live_site, plugin_form, edit_mode)
    b_form.click()
    b.keyboard.press("Control+A")
    b.keyboard.type(B_WORDS)
    submit(b, b.locator("input[name=_save]"), "B's change to the paragraph")
    expect(b.locator("body.cms-close-frame")).to_be_attached()

    a_form.click()
    a.keyboard.press("Control+End")
    a.keyboard.type(A_LATER)
    with a.expect_response(lambda r: r.request.method == "POST" and r.request.is_navigation_request()) as saved:
        a.locator("input[name=_save]").click()
    assert saved.value.status == 403, f"A saved over B's change: HTTP {saved.value.status}"

    b.goto(edit_mode)
    expect(b.locator("main")).to_contain_text(B_WORDS)
    expect(b.locator("main")).not_to_contain_text(A_LATER.strip())
    # The draft is B's now, and the toolbar says so to A.
    a.goto(live_site.url(GUIDE_PART))
    expect(a.locator(LOCK_MESSAGE)).to_contain_text(f"Being edited by {editor_b.email}")
