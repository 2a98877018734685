"""Nobody's work is lost: a page's draft belongs to the editor who holds it (djangocms-versioning's lock).

Editor A makes a draft of a guide part and adds a paragraph through the admin's
own plugin forms, as the toolbar's modal posts them. Editor B posts the same
forms (add, edit, delete a paragraph, the page's settings, the toolbar's Edit)
and is refused, with nothing changed; the toolbar and the version list say who
holds the draft and since when. A Publisher unlocks it, A gets an email (the
locmem outbox), and B can then make changes.
"""

from urllib.parse import urlencode

import pytest
from cms.models import CMSPlugin, Page, PageContent
from cms.toolbar.utils import get_object_edit_url
from django.core import mail
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version

from tests.helpers import make_user, signed_in_client, soup, text_of

GUIDE_PART_2 = "/guide/what-information-can-i-get/"
NEW_PARAGRAPH = "Editor A’s new paragraph about asking the police."
B_WORDS = "Editor B’s words."


@pytest.fixture
def editor_a(site_content):
    return make_user("Editor", "editor-a@example.org")


@pytest.fixture
def editor_b(site_content):
    return make_user("Editor", "editor-b@example.org")


@pytest.fixture
def publisher(site_content):
    return make_user("Publisher", "publisher@example.org")


def live_version():
    page = Page.objects.get(reverse_id="guide-controlled-disclosure")
    return Version.objects.get_for_content(PageContent.objects.get(page=page, language="en"))


def edit_redirect(client, version):
    """The toolbar's Edit / New Draft button (a POST)."""
    return client.post(reverse("admin:djangocms_versioning_pagecontentversion_edit_redirect", args=[version.pk]))


def content_placeholder(draft):
    return draft.content.get_placeholders().get(slot="content")


def texts(draft):
    """The draft's paragraphs, as visitors would read them once it is published."""
    plugins = CMSPlugin.objects.filter(placeholder=content_placeholder(draft), plugin_type="TextPlugin")
    return [plugin.get_bound_plugin().body for plugin in plugins.order_by("position")]


def from_the_draft(draft):
    """cms_path: the page the toolbar's modal was opened from (django CMS announces changes only with it)."""
    return urlencode({"cms_path": get_object_edit_url(draft.content)})


def add_paragraph(client, draft, words):
    """The add-plugin form the structure board opens, posted as the toolbar's modal posts it."""
    placeholder = content_placeholder(draft)
    position = CMSPlugin.objects.filter(placeholder=placeholder).count() + 1
    query = urlencode(
        {
            "placeholder_id": placeholder.pk,
            "plugin_type": "TextPlugin",
            "plugin_language": "en",
            "plugin_position": position,
        }
    )
    url = f"{reverse('admin:cms_placeholder_add_plugin')}?{query}&{from_the_draft(draft)}"
    return client.post(url, {"body": f"<p>{words}</p>"})


def paragraph(draft, words):
    for plugin in CMSPlugin.objects.filter(placeholder=content_placeholder(draft), plugin_type="TextPlugin"):
        if words in plugin.get_bound_plugin().body:
            return plugin
    raise AssertionError(f"no paragraph with {words!r} in the draft")


def edit_paragraph(client, draft, plugin, words):
    url = f"{reverse('admin:cms_placeholder_edit_plugin', args=[plugin.pk])}?{from_the_draft(draft)}"
    return client.post(url, {"body": f"<p>{words}</p>"})


def delete_paragraph(client, draft, plugin):
    url = f"{reverse('admin:cms_placeholder_delete_plugin', args=[plugin.pk])}?{from_the_draft(draft)}"
    return client.post(url, {"post": "yes"})


def unlock(client, draft):
    return client.post(reverse("admin:djangocms_versioning_pagecontentversion_unlock", args=[draft.pk]))


@pytest.fixture
def a_draft_with_a_new_paragraph(editor_a):
    client_a = signed_in_client(editor_a)
    response = edit_redirect(client_a, live_version())
    assert response.status_code == 302, response.content[:300]
    draft = Version.objects.filter_by_grouper(live_version().content.page).get(state=DRAFT)
    assert draft.created_by == editor_a
    assert draft.locked_by == editor_a  # djangocms-versioning's lock: the draft is A's
    response = add_paragraph(client_a, draft, NEW_PARAGRAPH)
    assert response.status_code == 200, response.content[:300]
    assert any(NEW_PARAGRAPH in body for body in texts(draft))
    return Version.objects.get(pk=draft.pk)


def test_another_editor_cannot_change_a_draft_someone_holds(editor_b, a_draft_with_a_new_paragraph):
    draft = a_draft_with_a_new_paragraph
    before = texts(draft)
    new_paragraph = paragraph(draft, NEW_PARAGRAPH)
    client_b = signed_in_client(editor_b)

    assert add_paragraph(client_b, draft, B_WORDS).status_code == 403
    assert edit_paragraph(client_b, draft, new_paragraph, B_WORDS).status_code == 403
    assert delete_paragraph(client_b, draft, new_paragraph).status_code == 403
    assert texts(draft) == before  # A's paragraph is still there, word for word

    # The draft's page settings (title, web address): refused too.
    settings_url = reverse("admin:cms_pagecontent_change", args=[draft.content.pk])
    title = draft.content.title
    response = client_b.post(settings_url, {"title": B_WORDS, "slug": "b-was-here"})
    assert response.status_code == 403
    assert PageContent.admin_manager.get(pk=draft.content.pk).title == title

    # The toolbar's Edit: B is sent to the versions with a message saying who holds it.
    response = edit_redirect(client_b, live_version())
    assert response.status_code == 302
    followed = client_b.get(response["Location"])
    assert "The draft version is locked by editor-a@example.org" in text_of(soup(followed))
    assert Version.objects.get(pk=draft.pk).locked_by.email == "editor-a@example.org"

    # An Editor cannot unlock it either, and A is not emailed.
    assert unlock(client_b, draft).status_code == 403
    assert Version.objects.get(pk=draft.pk).locked_by.email == "editor-a@example.org"
    assert mail.outbox == []


def test_the_toolbar_says_who_holds_the_draft_and_since_when(editor_b, a_draft_with_a_new_paragraph):
    draft = a_draft_with_a_new_paragraph
    client_b = signed_in_client(editor_b)
    started = format_date(draft.created, "j M Y, H:i")
    same_day = format_date(draft.modified, "Ymd") == format_date(draft.created, "Ymd")
    last_change = format_date(draft.modified, "H:i" if same_day else "j M Y, H:i")
    for url in (GUIDE_PART_2, get_object_edit_url(draft.content)):  # the live page; the draft (shown, not edited)
        response = client_b.get(url, follow=True)
        assert response.status_code == 200, url
        message = soup(response).select_one(".cms-toolbar .draft-lock-message")
        assert message is not None, f"{url}: the toolbar does not say who holds the draft"
        words = text_of(message)
        assert "Being edited by editor-a@example.org" in words
        assert f"Draft started {started}, last change {last_change}" in words
        assert "Ask them, or a Publisher, to unlock it." in words
        # djangocms-versioning's own message was 40% opaque: ours has no style of its own.
        assert not message.get("style")

    # The version list marks the draft as locked.
    versions = client_b.get(
        reverse("admin:djangocms_versioning_pagecontentversion_changelist"),
        {"page": draft.content.page_id, "language": "en"},
    )
    assert versions.status_code == 200
    locked = [
        row
        for row in soup(versions).select("#result_list tbody tr")
        if row.select_one("td.field-locked .cms-icon-lock")
    ]
    assert [text_of(row.select_one("td.field-number")) for row in locked] == [draft.number]


def test_a_publisher_unlocks_it_the_author_is_told_and_the_next_editor_to_change_it_holds_it(
    editor_a, editor_b, publisher, a_draft_with_a_new_paragraph
):
    draft = a_draft_with_a_new_paragraph
    response = unlock(signed_in_client(publisher), draft)
    assert response.status_code == 302
    assert Version.objects.get(pk=draft.pk).locked_by is None

    [email] = mail.outbox
    assert email.to == ["editor-a@example.org"]
    assert "Unlocked" in email.subject
    assert "publisher@example.org has unlocked your draft" in email.body
    assert f"/preview/{draft.content.pk}/" in email.body
    assert "Django" not in email.body

    # B opens it from the published page (the toolbar's Edit) and changes A's paragraph:
    # the first change to an unlocked draft makes it B's.
    client_b = signed_in_client(editor_b)
    assert edit_redirect(client_b, live_version()).status_code == 302
    new_paragraph = paragraph(draft, NEW_PARAGRAPH)
    assert edit_paragraph(client_b, draft, new_paragraph, B_WORDS).status_code == 200

    # A, whose editing screen is still open, saves the paragraph too: refused, B's words stay.
    client_a = signed_in_client(editor_a)
    assert edit_paragraph(client_a, draft, new_paragraph, "Editor A’s later words.").status_code == 403
    assert any(B_WORDS in body for body in texts(draft))
    assert not any("later words" in body for body in texts(draft))
    assert Version.objects.get(pk=draft.pk).locked_by == editor_b


# A save refused because someone else now holds the draft gives back what was typed ------------

TYPED = "A long paragraph typed while someone else took the draft."


def test_a_refused_plugin_save_shows_what_the_editor_typed(editor_b, a_draft_with_a_new_paragraph):
    """Before, a bare "403 Forbidden" page: the words typed in the plugin window were gone."""
    draft = a_draft_with_a_new_paragraph
    plugin = paragraph(draft, NEW_PARAGRAPH)
    response = edit_paragraph(signed_in_client(editor_b), draft, plugin, TYPED)
    assert response.status_code == 403
    page = soup(response)
    assert "Not saved" in text_of(page.find("h1"))
    kept = page.find("textarea", attrs={"readonly": True})
    assert kept is not None
    assert TYPED in kept.text
    labels = [text_of(label) for label in page.select(".refused-save label")]
    assert labels == ["Body"]  # the words, none of the form's machinery
    assert TYPED not in CMSPlugin.objects.get(pk=plugin.pk).get_bound_plugin().body


def test_a_refused_new_paragraph_is_given_back_too(editor_b, a_draft_with_a_new_paragraph):
    response = add_paragraph(signed_in_client(editor_b), a_draft_with_a_new_paragraph, TYPED)
    assert response.status_code == 403
    assert TYPED in text_of(soup(response).find("textarea"))


def test_an_editors_refused_unlock_says_why_on_an_admin_page(editor_b, a_draft_with_a_new_paragraph):
    """The version list offers Editors an Unlock button (djangocms-versioning's); its answer was bare text."""
    response = unlock(signed_in_client(editor_b), a_draft_with_a_new_paragraph)
    assert response.status_code == 403
    page = soup(response)
    assert text_of(page.find("h1")) == "Not done"
    assert "You do not have permission to remove the version lock" in text_of(page.select_one(".errornote"))
    assert Version.objects.get(pk=a_draft_with_a_new_paragraph.pk).locked_by is not None
