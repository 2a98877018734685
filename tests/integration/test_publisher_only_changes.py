"""Nothing an Editor does reaches visitors: the page actions that are live at once are a Publisher's alone.

Each test posts the admin's own form as an Editor (as the browser's page tree,
toolbar or settings screen would, or as someone posting it directly) and checks
that nothing a visitor sees has changed; where a Publisher may do it, that the
Publisher can.
"""

import json

import pytest
from cms.api import create_page
from cms.models import Page, PageContent, PageUrl
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from djangocms_versioning.models import Version

from safeguarding_site.pages.models import EmergencyLine
from tests.helpers import admin_form, make_user, signed_in_client, soup, text_of

GUIDE_PART_3 = "/guide/if-you-are-worried-about-someone/"
DIRECTORY = "/get-help/"


@pytest.fixture
def editor(site_content):
    return make_user("Editor")


@pytest.fixture
def publisher(site_content):
    return make_user("Publisher")


def page(reverse_id):
    return Page.objects.get(reverse_id=reverse_id)


def live_content(reverse_id):
    return PageContent.objects.get(page=page(reverse_id), language="en")


def visitor_sees(client, path):
    response = client.get(path)
    return response.status_code, text_of(soup(response).find("main")) if response.status_code == 200 else ""


def home_title(client):
    return text_of(soup(client.get("/")).find("h1"))


# Moving a page in the page tree ------------------------------------------------


CONFIRMED = {"HTTP_X_CONFIRMED_CHANGE": "yes"}  # what the page tree's script adds once the person says yes


def move(user, page_to_move, target=None, position=0, confirmed=True):
    """The page tree's move; django CMS answers 200 with the real status inside its JSON."""
    data = {"position": position}
    if target is not None:
        data["target"] = target.pk
    url = reverse("admin:cms_page_move_page", args=[page_to_move.pk])
    response = signed_in_client(user).post(url, data, **(CONFIRMED if confirmed else {}))
    return json.loads(response.content).get("status", response.status_code)


def test_an_editor_cannot_move_a_page_out_of_the_guide(client, editor):
    before = visitor_sees(client, GUIDE_PART_3)
    assert before[0] == 200
    part = page("guide-serious-concerns")
    assert move(editor, part, target=None, position=0) == 403  # to the top of the tree
    assert Page.objects.get(pk=part.pk).parent == page("guide")
    assert visitor_sees(client, GUIDE_PART_3) == before
    assert "I have serious concerns about the behaviour" in client.get("/guide/").content.decode()


def test_a_publishers_move_must_be_confirmed_and_is_recorded(client, publisher):
    part = page("guide-serious-concerns")
    guide_before = client.get("/guide/").content.decode()
    assert move(publisher, part, target=page("guide"), position=0, confirmed=False) == 400
    assert [child.reverse_id for child in page("guide").get_children()][-1] == "guide-serious-concerns"
    assert not LogEntry.objects.filter(object_id=str(part.pk)).exists()
    moves = LogEntry.objects.filter(object_id=str(part.pk), change_message__startswith="Moved “")

    assert move(publisher, part, target=page("guide"), position=0) == 200
    parts = [child.reverse_id for child in page("guide").get_children()]
    assert parts[0] == "guide-serious-concerns"
    record = moves.get()  # django CMS logs a bare "Moved" too; this one says from where
    assert record.user == publisher
    message = record.get_change_message()
    guide_title = PageContent.objects.get(page=page("guide")).title
    assert f"from under “{guide_title}” (position 3, address {GUIDE_PART_3})" in message
    assert f"to under “{guide_title}” (position 1, address {GUIDE_PART_3})" in message
    # Visitors see the new order at once: the whole guide lists it first.
    guide_after = client.get("/guide/").content.decode()
    assert guide_after != guide_before
    assert guide_after.index("I have serious concerns") < guide_after.index("Who are child sex offenders")


# Set as home ---------------------------------------------------------------


def set_home(user, reverse_id, confirmed=True):
    url = reverse("admin:cms_page_set_home", args=[page(reverse_id).pk])
    return signed_in_client(user).post(url, **(CONFIRMED if confirmed else {}))


def test_an_editor_cannot_set_another_page_as_home(client, editor):
    before = home_title(client)
    assert set_home(editor, "privacy-notice").status_code == 403
    assert not page("privacy-notice").is_home
    assert home_title(client) == before
    assert text_of(soup(client.get("/?x=1")).find("h1")) == before


def test_a_publishers_new_home_page_must_be_confirmed_is_recorded_and_one_address_gives_one_answer(client, publisher):
    old_home = home_title(client)
    assert set_home(publisher, "privacy-notice", confirmed=False).status_code == 400
    assert not page("privacy-notice").is_home

    assert set_home(publisher, "privacy-notice").status_code == 200
    assert page("privacy-notice").is_home
    # Whatever visitors had before, "/" now answers with the new home page, with or without a query.
    assert home_title(client) == "Privacy notice"
    assert text_of(soup(client.get("/?x=1")).find("h1")) == "Privacy notice"
    assert home_title(client) != old_home
    record = LogEntry.objects.get(object_id=str(page("privacy-notice").pk))
    assert record.user == publisher
    assert "Made “Privacy notice” the home page (its address was /privacy/)" in record.get_change_message()
    assert LogEntry.objects.filter(object_id=str(page("home").pk), user=publisher).exists()


# Advanced settings -----------------------------------------------------------


def advanced_settings_url(reverse_id):
    return reverse("admin:cms_page_advanced", args=[page(reverse_id).pk])


def test_an_editor_cannot_detach_the_directory_or_change_a_pages_id(client, editor, publisher):
    directory_before = visitor_sees(client, DIRECTORY)
    assert directory_before[0] == 200
    form = admin_form(signed_in_client(publisher), advanced_settings_url("get-help"))
    assert form["application_urls"] == "DirectoryApphook"
    response = signed_in_client(editor).post(advanced_settings_url("get-help"), form | {"application_urls": ""})
    assert response.status_code == 403
    assert page("get-help").application_urls == "DirectoryApphook"
    assert visitor_sees(client, DIRECTORY) == directory_before

    form = admin_form(signed_in_client(publisher), advanced_settings_url("guide"))
    response = signed_in_client(editor).post(advanced_settings_url("guide"), form | {"reverse_id": "renamed"})
    assert response.status_code == 403
    assert Page.objects.filter(reverse_id="guide").exists()
    assert signed_in_client(editor).get(advanced_settings_url("guide")).status_code == 403


# Page settings of a draft: the web address is live at once ---------------------------


def test_an_editors_draft_cannot_change_a_published_pages_web_address(client, editor):
    content = live_content("guide-serious-concerns")
    draft = Version.objects.get_for_content(content).copy(editor).content
    url = reverse("admin:cms_pagecontent_change", args=[draft.pk])
    editor_client = signed_in_client(editor)
    form = admin_form(editor_client, url)
    editor_client.post(url, form | {"slug": "moved-elsewhere"})
    # The new address is the draft's, and waits for a Publisher to publish it.
    assert PageContent.admin_manager.get(pk=draft.pk).slug == "moved-elsewhere"
    assert PageUrl.objects.get(page=content.page, language="en").slug == "if-you-are-worried-about-someone"
    assert visitor_sees(client, GUIDE_PART_3)[0] == 200
    assert client.get("/guide/moved-elsewhere/").status_code == 404


# Menu and template toggles on the live version ----------------------------------------


def test_an_editor_cannot_hide_a_live_page_from_the_navigation(client, editor):
    content = live_content("guide-serious-concerns")
    assert content.in_navigation
    signed_in_client(editor).post(reverse("admin:cms_pagecontent_change_innavigation", args=[content.pk]))
    assert PageContent.objects.get(pk=content.pk).in_navigation


# The emergency line ----------------------------------------------------------------


def test_an_editors_change_to_the_emergency_line_does_not_reach_visitors(client, editor):
    before = client.get("/").content.decode()
    url = reverse("admin:pages_emergencyline_change", args=[1])
    editor_client = signed_in_client(editor)
    response = editor_client.post(url, {"danger_text": "Reworded by an editor", "advice_text": "Also reworded"})
    assert response.status_code in (403, 200, 302)
    assert "Reworded by an editor" not in client.get("/").content.decode()
    assert client.get("/").content.decode() == before
    line = EmergencyLine.current()
    assert line.danger_text == EmergencyLine.DEFAULT_DANGER_TEXT
    # The Editor's screen says why, and whose change it is.
    screen = text_of(soup(editor_client.get(url)))
    assert "Only a Publisher can change this line" in screen


def test_a_publisher_changes_the_emergency_line(client, publisher):
    url = reverse("admin:pages_emergencyline_change", args=[1])
    data = {"danger_text": "If a child is in danger now, call", "advice_text": EmergencyLine.DEFAULT_ADVICE_TEXT}
    assert signed_in_client(publisher).post(url, data).status_code == 302
    assert "If a child is in danger now, call" in client.get("/").content.decode()


# Deleting a page ------------------------------------------------------------------


def test_a_published_page_cannot_be_deleted_by_anyone(client, publisher):
    part = page("guide-serious-concerns")
    publisher_client = signed_in_client(publisher)
    url = reverse("admin:cms_page_delete", args=[part.pk])
    response = publisher_client.get(url)
    assert response.status_code == 403
    assert "cannot be deleted" in text_of(soup(response))
    assert "unpublish" in text_of(soup(response)).lower()
    response = publisher_client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert Page.objects.filter(pk=part.pk).exists()
    assert visitor_sees(client, GUIDE_PART_3)[0] == 200


def test_a_page_never_published_can_be_deleted_by_a_publisher(publisher):
    draft_page = create_page(
        "Never published", "pages/content.html", "en", slug="never-published", created_by=publisher
    )
    url = reverse("admin:cms_page_delete", args=[draft_page.pk])
    response = signed_in_client(publisher).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=draft_page.pk).exists()


# The page tree tells Editors, and asks before live changes ---------------------------


def test_the_page_tree_asks_before_live_changes_and_tells_editors_whose_they_are(editor, publisher):
    url = reverse("admin:cms_pagecontent_changelist")
    for user, told in [(editor, True), (publisher, False)]:
        response = signed_in_client(user).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "js/admin-page-tree" in html
        assert ("they are for Publishers" in html) is told
