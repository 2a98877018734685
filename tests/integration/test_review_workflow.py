"""Review: an Editor submits a draft, Publishers are told and see it waiting, and publish it or send it back."""

import datetime

import pytest
from cms.models import Page, PageContent
from cms.toolbar.utils import get_object_edit_url
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import DirectoryDraft, Service
from safeguarding_site.editors import review as review_workflow
from safeguarding_site.editors.models import ReviewRequest
from tests.helpers import admin_form, make_user, publish_anyway, signed_in_client, soup, text_of

GUIDE_PART = "/guide/who-are-child-sex-offenders/"
OLD = "huge role to play"
NEW = "vital role to play"


@pytest.fixture
def people(site_content):
    return {
        "editor": make_user("Editor", "erin@example.org"),
        "publisher": make_user("Publisher", "pat@example.org"),
        "other_publisher": make_user("Publisher", "priya@example.org"),
    }


def page_draft(user, reverse_id="guide-who-are-offenders", change=True):
    page = Page.objects.get(reverse_id=reverse_id)
    version = Version.objects.get_for_content(PageContent.objects.get(page=page, language="en")).copy(user)
    if change:
        for plugin in version.content.get_placeholders().get(slot="content").get_plugins():
            bound = plugin.get_bound_plugin()
            if OLD in getattr(bound, "body", ""):
                bound.body = bound.body.replace(OLD, NEW)
                bound.save()
    return version


def submit(user, version, note=""):
    return signed_in_client(user).post(reverse("editors-submit-page-version", args=[version.pk]), {"note": note})


def dashboard(user):
    response = signed_in_client(user).get(reverse("editors-dashboard"))
    assert response.status_code == 200
    return soup(response)


def decide(user, review, action, comment="", seen=None):
    """The dashboard's buttons: ``seen`` is what the Publisher's dashboard showed (by default, the draft as it is)."""
    url = reverse("editors-review-decide", args=[review.pk])
    seen = review_workflow.seen_marker(ReviewRequest.objects.get(pk=review.pk)) if seen is None else seen
    client = signed_in_client(user)
    return publish_anyway(client, client.post(url, {"action": action, "comment": comment, "seen": seen}))


def test_an_editor_submits_a_page_draft_and_every_publisher_is_told(people, mailoutbox):
    editor = people["editor"]
    version = page_draft(editor)
    form = signed_in_client(editor).get(reverse("editors-submit-page-version", args=[version.pk]))
    assert form.status_code == 200
    assert soup(form).find("label", attrs={"for": "id_note"})

    response = submit(editor, version, note="Changed one word in the first part.")
    assert response.status_code == 302
    assert response["Location"] == get_object_edit_url(version.content)
    review = ReviewRequest.objects.get(version=version)
    assert review.status == ReviewRequest.WAITING
    assert review.submitted_by == editor
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["pat@example.org", "priya@example.org"]
    assert "Waiting for review" in message.subject
    assert "Changed one word in the first part." in message.body
    assert "/compare/?compare_to=" in message.body
    assert "/dashboard/" in message.body

    # Submitting again does not make a second request or a second email.
    submit(editor, version)
    assert ReviewRequest.objects.filter(version=version).count() == 1
    assert len(mailoutbox) == 1


def test_the_dashboard_lists_waiting_drafts_oldest_first_with_compare_publish_and_send_back(people):
    editor, publisher = people["editor"], people["publisher"]
    newer = page_draft(editor, "guide-controlled-disclosure", change=False)
    older = page_draft(editor)
    submit(editor, older)
    submit(editor, newer)
    ReviewRequest.objects.filter(version=older).update(submitted_at=timezone.now() - datetime.timedelta(days=2))

    page = dashboard(publisher)
    items = page.select(".dashboard-waiting .review-request")
    assert [text_of(item.find("h3")) for item in items] == [
        f"Page: {older.content.title}",
        f"Page: {newer.content.title}",
    ]
    first = items[0]
    assert "/compare/?compare_to=" in first.find("a", string="See what it changes")["href"]
    assert first.find("button", attrs={"value": "publish"})
    assert first.find("button", attrs={"value": "send_back"})
    # An Editor sees what waits, but not the Publisher's buttons.
    editor_items = dashboard(editor).select(".dashboard-waiting .review-request")
    assert len(editor_items) == 2
    assert not editor_items[0].find("button")


def test_page_drafts_not_yet_submitted_are_on_the_dashboard(people):
    editor, publisher = people["editor"], people["publisher"]
    version = page_draft(editor)
    item = dashboard(publisher).select_one(".dashboard-drafts li")
    assert item.find("a").text == version.content.title
    assert text_of(item).startswith("Page:")
    assert "by erin@example.org" in text_of(item)


def test_a_publisher_sends_a_draft_back_with_a_comment_the_editor_sees(people, mailoutbox, client):
    editor, publisher = people["editor"], people["publisher"]
    version = page_draft(editor)
    submit(editor, version)
    review = ReviewRequest.objects.get(version=version)

    response = decide(publisher, review, "send_back")  # no comment: refused
    assert response.status_code == 302
    assert ReviewRequest.objects.get(pk=review.pk).status == ReviewRequest.WAITING

    mailoutbox.clear()
    decide(publisher, review, "send_back", comment="Please keep the leaflet's own words here.")
    review.refresh_from_db()
    assert review.status == ReviewRequest.SENT_BACK
    assert review.decided_by == publisher
    assert Version.objects.get(pk=version.pk).state == DRAFT
    assert OLD in text_of(soup(client.get(GUIDE_PART)).find("main"))
    assert [message.to for message in mailoutbox] == [["erin@example.org"]]
    assert "Please keep the leaflet's own words here." in mailoutbox[0].body
    # On the editor's dashboard, and on the draft's toolbar.
    assert "Please keep the leaflet's own words here." in text_of(dashboard(editor).select_one(".dashboard-sent-back"))
    toolbar = signed_in_client(editor).get(get_object_edit_url(version.content)).content.decode()
    assert "Please keep the leaflet&#x27;s own words here." in toolbar or "Please keep the leaflet's own" in toolbar
    assert "Submit for review" in toolbar


def test_a_publisher_publishes_from_the_dashboard_and_visitors_see_it(people, mailoutbox, client):
    editor, publisher = people["editor"], people["publisher"]
    version = page_draft(editor)
    submit(editor, version)
    review = ReviewRequest.objects.get(version=version)
    mailoutbox.clear()
    response = decide(publisher, review, "publish")
    assert response.status_code == 302
    assert Version.objects.get(pk=version.pk).state == PUBLISHED
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewRequest.PUBLISHED, publisher)
    assert NEW in text_of(soup(client.get(GUIDE_PART)).find("main"))
    assert [message.to for message in mailoutbox] == [["erin@example.org"]]
    assert not dashboard(publisher).select(".dashboard-waiting .review-request")


def test_an_editor_cannot_publish_or_send_back(people, client):
    editor = people["editor"]
    version = page_draft(editor)
    submit(editor, version)
    review = ReviewRequest.objects.get(version=version)
    assert decide(editor, review, "publish").status_code == 403
    assert decide(editor, review, "send_back", comment="Mine").status_code == 403
    assert Version.objects.get(pk=version.pk).state == DRAFT
    assert ReviewRequest.objects.get(pk=review.pk).status == ReviewRequest.WAITING
    assert OLD in text_of(soup(client.get(GUIDE_PART)).find("main"))


def test_a_draft_published_from_the_toolbar_is_no_longer_waiting(people):
    editor, publisher = people["editor"], people["publisher"]
    version = page_draft(editor)
    submit(editor, version)
    publish = reverse("admin:djangocms_versioning_pagecontentversion_publish", args=[version.pk])
    publisher_client = signed_in_client(publisher)
    publish_anyway(publisher_client, publisher_client.post(publish))
    assert Version.objects.get(pk=version.pk).state == PUBLISHED
    review = ReviewRequest.objects.get(version=version)
    assert (review.status, review.decided_by) == (ReviewRequest.PUBLISHED, publisher)


def test_the_toolbar_offers_submit_for_review_then_says_it_is_waiting(people):
    editor = people["editor"]
    version = page_draft(editor)
    url = get_object_edit_url(version.content)
    html = signed_in_client(editor).get(url).content.decode()
    assert reverse("editors-submit-page-version", args=[version.pk]) in html
    submit(editor, version)
    html = signed_in_client(editor).get(url).content.decode()
    assert "Waiting for a Publisher</strong> since" in html
    assert reverse("editors-submit-page-version", args=[version.pk]) not in html


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


@override_settings(EMAIL_BACKEND="tests.integration.test_review_workflow.BrokenMailServer")
def test_a_mail_server_that_is_down_does_not_lose_the_submission(people):
    editor = people["editor"]
    version = page_draft(editor)
    response = submit(editor, version)
    assert response.status_code == 302
    assert ReviewRequest.objects.filter(version=version, status=ReviewRequest.WAITING).exists()
    follow = signed_in_client(editor).get(response["Location"])
    assert follow.status_code == 200


def test_a_directory_draft_is_submitted_and_published_from_the_dashboard(people, mailoutbox, client):
    editor, publisher = people["editor"], people["publisher"]
    service = Service.objects.get(slug="nspcc-helpline")
    url = reverse("admin:directory_service_change", args=[service.pk])
    form = admin_form(signed_in_client(editor), url)
    signed_in_client(editor).post(url, form | {"who_for": "Anyone worried about a child, at any hour."})
    draft = DirectoryDraft.objects.get(object_id=service.pk)
    response = signed_in_client(editor).post(reverse("editors-submit-directory-draft", args=[draft.pk]), {"note": ""})
    assert response.status_code == 302
    review = ReviewRequest.objects.get(directory_draft=draft)
    assert [sorted(message.to) for message in mailoutbox] == [["pat@example.org", "priya@example.org"]]
    item = dashboard(publisher).select_one(".dashboard-waiting .review-request")
    assert text_of(item.find("h3")).startswith("Directory entry:")
    decide(publisher, review, "publish")
    assert Service.objects.get(pk=service.pk).who_for == "Anyone worried about a child, at any hour."
    review.refresh_from_db()
    assert review.status == ReviewRequest.PUBLISHED
    assert not DirectoryDraft.objects.filter(pk=draft.pk).exists()


def test_a_draft_changed_after_the_publisher_looked_is_not_published(people, client):
    editor, publisher = people["editor"], people["publisher"]
    version = page_draft(editor)
    submit(editor, version)
    review = ReviewRequest.objects.get(version=version)
    seen = dashboard(publisher).select_one(".dashboard-waiting input[name=seen]")["value"]
    # The editor changes the draft again before the Publisher presses Publish.
    Version.objects.filter(pk=version.pk).update(modified=timezone.now() + datetime.timedelta(seconds=5))
    response = decide(publisher, review, "publish", seen=seen)
    assert response.status_code == 302
    assert Version.objects.get(pk=version.pk).state == DRAFT
    assert ReviewRequest.objects.get(pk=review.pk).status == ReviewRequest.WAITING
    assert OLD in text_of(soup(client.get(GUIDE_PART)).find("main"))


def test_a_directory_draft_published_from_its_own_page_closes_its_review(people):
    editor, publisher = people["editor"], people["publisher"]
    service = Service.objects.get(slug="nspcc-helpline")
    url = reverse("admin:directory_service_change", args=[service.pk])
    signed_in_client(editor).post(url, admin_form(signed_in_client(editor), url) | {"who_for": "Anyone, at any hour."})
    draft = DirectoryDraft.objects.get(object_id=service.pk)
    draft_page = reverse("admin:directory_directorydraft_change", args=[draft.pk])
    page = soup(signed_in_client(editor).get(draft_page))
    assert page.find("a", string="Submit for review")["href"] == reverse(
        "editors-submit-directory-draft", args=[draft.pk]
    )
    signed_in_client(editor).post(reverse("editors-submit-directory-draft", args=[draft.pk]), {"note": ""})
    page = soup(signed_in_client(publisher).get(draft_page))
    assert "waiting for a Publisher" in text_of(page.select_one(".review-status"))
    assert not page.find("a", string="Submit for review")
    form = page.find("input", attrs={"name": "action", "value": "publish"}).find_parent("form")
    publisher_client = signed_in_client(publisher)
    seen = form.find("input", attrs={"name": "seen"})["value"]
    publish_anyway(publisher_client, publisher_client.post(draft_page, {"action": "publish", "seen": seen}))
    assert Service.objects.get(pk=service.pk).who_for == "Anyone, at any hour."
    review = ReviewRequest.objects.get(title__contains="NSPCC")
    assert (review.status, review.decided_by) == (ReviewRequest.PUBLISHED, publisher)
