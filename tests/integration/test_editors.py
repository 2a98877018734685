"""Editors keep the site right: roles, sign-in protection, drafts, scheduling, review dates."""

import datetime
import io

import pytest
from cms.api import add_plugin
from cms.models import Page, PageContent
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.models import Version

from content.loader import read_pages, read_reviewed
from safeguarding_site.directory.models import Service
from safeguarding_site.editors.models import EditorAccount, PublicationSchedule, ReviewDates, add_months
from safeguarding_site.editors.schedule import run_due
from tests.helpers import make_user, publish_anyway, published_paths, signed_in_client, soup, text_of

GUIDE_PART = "/guide/who-are-child-sex-offenders/"
OLD = "huge role to play"
NEW = "vital role to play"


def draft_with_change(page, user):
    """An editor's draft of ``page`` with one sentence changed (not published)."""
    published = PageContent.objects.get(page=page, language="en")
    version = Version.objects.get_for_content(published).copy(user)
    for plugin in version.content.get_placeholders().get(slot="content").get_plugins():
        bound = plugin.get_bound_plugin()
        if OLD in getattr(bound, "body", ""):
            bound.body = bound.body.replace(OLD, NEW)
            bound.save()
    return version


def visible_text(client, path=GUIDE_PART):
    return text_of(soup(client.get(path)).find("main"))


# Roles -------------------------------------------------------------------


def test_two_groups_with_the_right_split_and_no_superusers(db):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    assert not editor.is_superuser
    assert not publisher.is_superuser
    for perm in [
        "cms.change_page",
        "djangocms_versioning.add_version",
        "directory.change_service",
        "guidance.change_guidestep",
    ]:
        assert editor.has_perm(perm), perm
        assert publisher.has_perm(perm), perm
    assert not editor.has_perm("cms.publish_page")
    assert publisher.has_perm("cms.publish_page")
    assert not editor.has_perm("editors.add_publicationschedule")
    assert publisher.has_perm("editors.add_publicationschedule")
    editor_perms = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    publisher_perms = set(Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True))
    assert editor_perms < publisher_perms


def test_an_editor_cannot_publish_and_a_publisher_can(site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    version = draft_with_change(page, editor)
    assert not version.check_publish.as_bool(editor)
    assert version.check_publish.as_bool(publisher)
    editor_client = Client()
    editor_client.force_login(editor)
    publish_url = f"/admin/djangocms_versioning/pagecontentversion/{version.pk}/publish/"
    response = editor_client.post(publish_url)
    assert Version.objects.get(pk=version.pk).state == DRAFT
    assert response.status_code in (302, 403)
    publisher_client = Client()
    publisher_client.force_login(publisher)
    publish_anyway(publisher_client, publisher_client.post(publish_url))
    assert Version.objects.get(pk=version.pk).state == PUBLISHED


def test_visitors_see_only_published_content_drafts_never_leak(client, site_content):
    editor = make_user("Editor")
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    draft_with_change(page, editor)
    for path in [GUIDE_PART, "/guide/"]:
        text = visible_text(client, path)
        assert OLD in text
        assert NEW not in text
    from cms.api import create_page

    create_page("Secret draft", "pages/content.html", "en", slug="secret-draft", created_by=editor)
    assert client.get("/secret-draft/").status_code == 404
    assert "/secret-draft/" not in published_paths(client)
    assert "Secret draft" not in client.get("/").content.decode()


def test_the_whole_guide_shows_editors_its_draft_and_visitors_what_is_published(client, site_content):
    """Visitors' renders read the page's placeholders with the parts'; editors' views must not."""
    editor = make_user("Editor")
    page = Page.objects.get(reverse_id=settings.GUIDE_REVERSE_ID)
    published = PageContent.objects.get(page=page, language="en")
    draft = Version.objects.get_for_content(published).copy(editor).content
    add_plugin(draft.get_placeholders().get(slot="content"), "TextPlugin", "en", body="<p>A new introduction.</p>")
    visitor_text = visible_text(client, "/guide/")
    assert "A new introduction." not in visitor_text
    assert OLD in visitor_text  # part 1, read with the page's own placeholders
    editor_client = signed_in_client(editor)
    live = editor_client.get("/guide/")  # the published page, with the toolbar
    assert "A new introduction." not in live.content.decode()
    assert OLD in text_of(soup(live).find("main"))
    for url in (get_object_preview_url(draft), get_object_edit_url(draft)):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "A new introduction." in response.content.decode(), url
        assert OLD in text_of(soup(response).find("main")), url


def test_publish_then_restore_an_earlier_version(client, site_content):
    publisher = make_user("Publisher")
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    original = Version.objects.get_for_content(PageContent.objects.get(page=page, language="en"))
    draft = draft_with_change(page, publisher)
    draft.publish(publisher)
    assert NEW in visible_text(client)
    original = Version.objects.get(pk=original.pk)
    assert original.state == UNPUBLISHED  # kept, no longer shown
    restored = original.copy(publisher)  # what "Revert" does: a new draft from the old version
    restored.publish(publisher)
    assert OLD in visible_text(client)
    history = Version.objects.filter_by_grouper(page).order_by("number")
    assert [v.state for v in history] == [UNPUBLISHED, UNPUBLISHED, PUBLISHED]
    assert all(v.created_by for v in history)
    assert all(v.created for v in history)


# Accounts and sign-in ----------------------------------------------------


def test_createeditor_makes_an_account_with_a_one_time_password(db):
    out = io.StringIO()
    call_command("createeditor", "Sam@Example.org", "--role", "publisher", stdout=out)
    password = next(line for line in out.getvalue().splitlines() if line.startswith("One-time password:")).split(": ")[
        1
    ]
    user = get_user_model().objects.get(username="sam@example.org")
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Publisher"]
    assert EditorAccount.objects.get(user=user).must_change_password
    client = Client()
    signed_in = client.post("/admin/login/", {"username": "sam@example.org", "password": password})
    assert signed_in.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_change/"
    with pytest.raises(CommandError, match="already exists"):
        call_command("createeditor", "sam@example.org", stdout=io.StringIO())


def test_createeditor_reads_a_password_from_stdin_and_validates_it(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="not accepted"):
        call_command("createeditor", "kim@example.org", "--password-stdin", stdout=io.StringIO())
    monkeypatch.setattr("sys.stdin", io.StringIO("a-much-longer-passphrase-2026\n"))
    call_command("createeditor", "kim@example.org", "--password-stdin", stdout=io.StringIO())
    user = get_user_model().objects.get(username="kim@example.org")
    assert user.check_password("a-much-longer-passphrase-2026")
    assert user.groups.get().name == "Editor"
    assert not EditorAccount.objects.get(user=user).must_change_password


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lock_out_after_the_configured_number_of_failed_sign_ins(db):
    make_user("Editor", "lee@example.org")
    client = Client()
    for _attempt in range(3):
        response = client.post("/admin/login/", {"username": "lee@example.org", "password": "wrong"})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "lee@example.org", "password": "a-long-test-password-123"})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_sign_in_before_the_limit_resets_the_count(db):
    make_user("Editor", "ash@example.org")
    client = Client()
    for _attempt in range(2):
        client.post("/admin/login/", {"username": "ash@example.org", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "ash@example.org", "password": "a-long-test-password-123"})
    assert response.status_code == 302


# Scheduled publishing ----------------------------------------------------


def test_scheduled_publish_and_withdraw_happen_when_due_and_only_once(client, site_content):
    publisher = make_user("Publisher")
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    draft = draft_with_change(page, publisher)
    now = timezone.now()
    PublicationSchedule.objects.create(
        version=draft,
        publish_at=now + datetime.timedelta(hours=1),
        unpublish_at=now + datetime.timedelta(hours=3),
        created_by=publisher,
    )
    assert run_due(now) == []
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    assert OLD in visible_text(client)

    report = run_due(now + datetime.timedelta(hours=2))
    assert len(report) == 1
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert NEW in visible_text(client)
    assert run_due(now + datetime.timedelta(hours=2)) == []  # running again changes nothing

    late = now + datetime.timedelta(days=2)
    assert len(run_due(late)) == 1
    assert Version.objects.get(pk=draft.pk).state == UNPUBLISHED
    assert client.get(GUIDE_PART).status_code == 404
    assert run_due(late) == []


def test_a_late_run_does_both_in_order_and_the_command_reports(site_content):
    publisher = make_user("Publisher")
    draft = draft_with_change(Page.objects.get(reverse_id="guide-who-are-offenders"), publisher)
    past = timezone.now() - datetime.timedelta(days=1)
    PublicationSchedule.objects.create(
        version=draft, publish_at=past, unpublish_at=past + datetime.timedelta(hours=1), created_by=publisher
    )
    out = io.StringIO()
    call_command("run_publication_schedule", stdout=out)
    assert "2 scheduled action(s) carried out." in out.getvalue()
    assert Version.objects.get(pk=draft.pk).state == UNPUBLISHED


def test_a_schedule_for_a_draft_already_discarded_is_skipped_with_a_reason(site_content):
    publisher = make_user("Publisher")
    draft = draft_with_change(Page.objects.get(reverse_id="guide-who-are-offenders"), publisher)
    schedule = PublicationSchedule.objects.create(
        version=draft, publish_at=timezone.now() - datetime.timedelta(minutes=1), created_by=publisher
    )
    draft.archive(publisher)
    run_due()
    schedule.refresh_from_db()
    assert schedule.outcome.startswith("Not published")
    assert schedule.published_on is None


# Review dates ------------------------------------------------------------


def test_every_loaded_page_shows_review_dates_in_the_footer(client, site_content):
    # The dates content/ gives (tests/integration/test_review_dates_from_content.py), not the load's day.
    dates = {spec.key: spec.reviewed or read_reviewed() for spec in read_pages()}
    for path, key in [("/", "home"), (GUIDE_PART, "guide-who-are-offenders"), ("/privacy/", "privacy-notice")]:
        reviewed = dates[key]
        footer = soup(client.get(path)).find("footer")
        text = text_of(footer)
        assert f"Page last reviewed: {reviewed:%-d %B %Y}" in text, path
        assert f"Next review due: {add_months(reviewed, 12):%-d %B %Y}" in text, path


def test_next_review_defaults_to_twelve_months_and_an_edit_is_not_a_review(site_content):
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    review = ReviewDates.objects.get(extended_object=page)
    assert review.next_review_due == add_months(review.last_reviewed, 12)
    before = (review.last_reviewed, review.next_review_due)
    publisher = make_user("Publisher")
    draft_with_change(page, publisher).publish(publisher)
    review.refresh_from_db()
    assert (review.last_reviewed, review.next_review_due) == before


def test_add_months_keeps_the_day_or_uses_the_month_end():
    assert add_months(datetime.date(2026, 11, 24), 12) == datetime.date(2027, 11, 24)
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 12, 15), 3) == datetime.date(2028, 3, 15)


def test_dashboard_lists_an_overdue_page_and_an_unchecked_service_not_current_ones(site_content):
    # Every page reviewed today first: the starting content's own dates fall due a year after 2026-11-24.
    ReviewDates.objects.update(last_reviewed=timezone.localdate(), next_review_due=add_months(timezone.localdate(), 12))
    overdue = ReviewDates.objects.get(extended_object__reverse_id="privacy-notice")
    overdue.last_reviewed = timezone.localdate() - datetime.timedelta(days=400)
    overdue.next_review_due = timezone.localdate() - datetime.timedelta(days=35)
    overdue.save()
    stale = Service.objects.get(slug="childline")
    stale.last_checked = timezone.localdate() - datetime.timedelta(days=190)
    stale.save()
    client = Client()
    client.force_login(make_user("Editor"))
    page = soup(client.get("/admin/dashboard/"))
    reviews = page.find("table", class_="dashboard-reviews")
    rows = [text_of(row) for row in reviews.find("tbody").find_all("tr")]
    assert len(rows) == 1
    assert "Privacy notice (overdue)" in rows[0]
    assert reviews.find("a", href=f"/admin/editors/reviewdates/{overdue.pk}/change/")
    services = page.find("table", class_="dashboard-services")
    assert [text_of(row.td) for row in services.find("tbody").find_all("tr")] == ["Childline"]
    assert services.find("a", href=f"/admin/directory/service/{stale.pk}/change/")


def test_dashboard_is_for_editors_only(client, site_content):
    response = client.get("/admin/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_review_dates_and_dashboard_are_in_the_toolbar(site_content):
    client = Client()
    client.force_login(make_user("Publisher"))
    body = client.get(f"{GUIDE_PART}?toolbar_on").content.decode()
    assert "Review dates" in body
    assert "/admin/dashboard/" in body


def test_only_a_publisher_records_a_review_because_every_page_shows_it(client, site_content):
    review = ReviewDates.objects.get(extended_object__reverse_id="privacy-notice")
    before = (review.last_reviewed, review.next_review_due)
    editor = Client()
    editor.force_login(make_user("Editor"))
    assert "Review dates" not in editor.get(f"{GUIDE_PART}?toolbar_on").content.decode()
    response = editor.post(
        f"/admin/editors/reviewdates/{review.pk}/change/",
        {"last_reviewed": "2020-01-01", "next_review_due": "2020-06-01"},
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert (review.last_reviewed, review.next_review_due) == before
    assert "1 January 2020" not in client.get("/privacy/").content.decode()


def test_recording_a_review_recomputes_the_next_due_date(site_content):
    client = Client()
    client.force_login(make_user("Publisher"))
    review = ReviewDates.objects.get(extended_object__reverse_id="privacy-notice")
    new_date = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        f"/admin/editors/reviewdates/{review.pk}/change/",
        {"last_reviewed": new_date.isoformat(), "next_review_due": review.next_review_due.isoformat()},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.last_reviewed == new_date
    assert review.next_review_due == add_months(new_date, 12)


def test_both_roles_can_see_and_compare_versions(site_content):
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    for role in ["Editor", "Publisher"]:
        user = make_user(role, f"{role.lower()}-versions@example.org")
        assert user.has_perm("djangocms_versioning.view_pagecontentversion")
        client = Client()
        client.force_login(user)
        response = client.get(f"/admin/djangocms_versioning/pagecontentversion/?page={page.pk}&language=en")
        assert response.status_code == 200, role
