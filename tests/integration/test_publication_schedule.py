"""Scheduled publishing publishes exactly the draft a Publisher scheduled (issue 15, finding 7).

An edit made after scheduling (through the admin's own plugin and page-settings
forms, as an Editor's browser posts them) cancels the schedule at once, tells
the person editing, and shows on the dashboard; the timer then publishes
nothing. An edit the signals never saw is caught by the timer itself. A
scheduled page says so, and when, in the toolbar and in its version list.

The draft's own author makes every edit, so the tests hold whether or not
djangocms-versioning locks drafts to their author.
"""

import datetime
import io
import zoneinfo
from urllib.parse import urlencode

from cms.models import Page, PageContent
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.models import Version

from safeguarding_site.editors.models import PublicationSchedule
from tests.helpers import admin_form, make_user, signed_in_client, soup, text_of

GUIDE_PART = "/guide/who-are-child-sex-offenders/"
OLD = "huge role to play"
SCHEDULED = "vital role to play"  # what the Publisher saw and scheduled
LATER = "central role to play"  # an edit made after scheduling
TITLE = "Who are child sex offenders and how do they operate?"
UK = zoneinfo.ZoneInfo("Europe/London")
# 10:00 in London on a summer day is 09:00 UTC: the screens must say 10:00.
SUMMER_PUBLISH = datetime.datetime(2031, 7, 3, 9, 0, tzinfo=datetime.UTC)


def guide_part():
    return Page.objects.get(reverse_id="guide-who-are-offenders")


def text_plugin(content, containing):
    for plugin in content.get_placeholders().get(slot="content").get_plugins():
        bound = plugin.get_bound_plugin()
        if containing in getattr(bound, "body", ""):
            return bound
    raise AssertionError(f"no text plugin holds {containing!r}")


def make_draft(author):
    """``author``'s draft of the guide part, with one sentence changed through the admin's plugin form."""
    published = PageContent.objects.get(page=guide_part(), language="en")
    draft = Version.objects.get_for_content(published).copy(author)
    edit_sentence(signed_in_client(author), draft, OLD, SCHEDULED)
    return Version.objects.get(pk=draft.pk)


def edit_sentence(client, draft, old, new):
    """Change a sentence as the toolbar's plugin form posts it; return the response."""
    plugin = text_plugin(draft.content, old)
    url = reverse("admin:cms_placeholder_edit_plugin", args=[plugin.pk])
    url += "?" + urlencode({"cms_path": get_object_edit_url(draft.content)})
    data = admin_form(client, url)
    data["body"] = data["body"].replace(old, new)
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    assert new in text_plugin(Version.objects.get(pk=draft.pk).content, new).body
    return response


def schedule_form(version, publish_at=None, unpublish_at=None):
    data = {"version": str(version.pk)}
    for name, when in (("publish_at", publish_at), ("unpublish_at", unpublish_at)):
        local = timezone.localtime(when) if when else None
        data[f"{name}_0"] = f"{local:%Y-%m-%d}" if local else ""
        data[f"{name}_1"] = f"{local:%H:%M:%S}" if local else ""
    return data


def schedule_as(publisher, version, publish_at=None, unpublish_at=None):
    """A Publisher's "Schedule publishing" form, posted; return the schedule it made."""
    client = signed_in_client(publisher)
    response = client.post(
        reverse("admin:editors_publicationschedule_add"), schedule_form(version, publish_at, unpublish_at)
    )
    assert response.status_code == 302, soup(response).find(class_="errornote") or response.status_code
    return PublicationSchedule.objects.filter(version=version).latest("pk")


def time_passes(schedule, past=None):
    """Move a schedule's time into the past, as the clock would."""
    past = past or timezone.now() - datetime.timedelta(minutes=1)
    PublicationSchedule.objects.filter(pk=schedule.pk).update(publish_at=past)


def run_timer():
    out = io.StringIO()
    call_command("run_publication_schedule", stdout=out)
    return out.getvalue()


def visitor_text(client):
    return text_of(soup(client.get(GUIDE_PART)).find("main"))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# An edit after scheduling --------------------------------------------------


def test_a_plugin_edit_after_scheduling_cancels_the_schedule_and_nothing_is_published(client, site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    when = timezone.now() + datetime.timedelta(hours=2)
    schedule = schedule_as(publisher, draft, publish_at=when)

    response = edit_sentence(signed_in_client(editor), draft, SCHEDULED, LATER)

    # The plugin form's answer (the toolbar shows the messages it carries).
    told = response.content.decode()
    assert "This draft was scheduled to publish on" in told
    assert "your change cancelled the schedule" in told
    assert "a Publisher must schedule or publish it again" in told
    schedule.refresh_from_db()
    assert schedule.cancelled_at is not None
    assert schedule.cancelled_by == editor
    assert "changed" in schedule.outcome

    time_passes(schedule)
    report = run_timer()
    assert "0 scheduled action(s) carried out." in report
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    text = visitor_text(client)
    assert OLD in text
    assert LATER not in text
    assert SCHEDULED not in text


def test_a_page_settings_change_after_scheduling_cancels_the_schedule(client, site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule = schedule_as(publisher, draft, publish_at=timezone.now() + datetime.timedelta(hours=2))

    editor_client = signed_in_client(editor)
    url = reverse("admin:cms_pagecontent_change", args=[draft.content.pk]) + "?language=en"
    data = admin_form(editor_client, url)
    data["title"] = "Who are child sex offenders? (changed after scheduling)"
    response = editor_client.post(url, data)
    assert response.status_code == 302, soup(response).find(class_="errornote")
    assert PageContent.admin_manager.get(pk=draft.content.pk).title.endswith("(changed after scheduling)")

    assert any("your change cancelled the schedule" in message for message in messages_of(response))
    schedule.refresh_from_db()
    assert schedule.cancelled_at is not None
    assert schedule.cancelled_by == editor

    time_passes(schedule)
    run_timer()
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    assert "(changed after scheduling)" not in client.get(GUIDE_PART).content.decode()


def test_the_timer_refuses_a_draft_changed_where_no_signal_was_sent(client, site_content):
    """Belt and braces: an edit made by code, which tells no one, is caught when the time comes."""
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule = schedule_as(publisher, draft, publish_at=timezone.now() + datetime.timedelta(hours=2))
    plugin = text_plugin(draft.content, SCHEDULED)
    plugin.body = plugin.body.replace(SCHEDULED, LATER)
    plugin.save()
    assert PublicationSchedule.objects.get(pk=schedule.pk).cancelled_at is None  # no one was told

    time_passes(schedule)
    report = run_timer()
    assert "not published" in report.lower()
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    schedule.refresh_from_db()
    assert schedule.published_on is None
    assert schedule.cancelled_at is not None
    assert "changed after it was scheduled" in schedule.outcome
    assert LATER not in visitor_text(client)
    assert run_timer().endswith("0 scheduled action(s) carried out.\n")  # refused once, recorded


def test_an_unchanged_scheduled_draft_publishes_exactly_what_was_scheduled(client, site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule = schedule_as(publisher, draft, publish_at=timezone.now() + datetime.timedelta(hours=2))
    signed_in_client(editor).get(get_object_edit_url(draft.content))  # looking is not changing

    time_passes(schedule)
    assert "1 scheduled action(s) carried out." in run_timer()
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    schedule.refresh_from_db()
    assert schedule.published_on is not None
    assert schedule.cancelled_at is None
    text = visitor_text(client)
    assert SCHEDULED in text
    assert OLD not in text


def test_a_withdrawal_still_happens_when_a_new_draft_of_the_page_is_edited(client, site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    published = Version.objects.get_for_content(PageContent.objects.get(page=guide_part(), language="en"))
    schedule = schedule_as(publisher, published, unpublish_at=timezone.now() + datetime.timedelta(hours=2))
    make_draft(editor)  # an edit to the page's next draft: not what is being withdrawn
    schedule.refresh_from_db()
    assert schedule.cancelled_at is None
    PublicationSchedule.objects.filter(pk=schedule.pk).update(unpublish_at=timezone.now())
    assert "1 scheduled action(s) carried out." in run_timer()
    assert Version.objects.get(pk=published.pk).state == UNPUBLISHED


# Who may schedule ----------------------------------------------------------


def test_an_editor_posting_the_schedule_form_directly_is_refused(site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    editor_client = signed_in_client(editor)
    form = schedule_form(draft, publish_at=timezone.now() + datetime.timedelta(hours=1))
    response = editor_client.post(reverse("admin:editors_publicationschedule_add"), form)
    assert response.status_code == 403
    assert not PublicationSchedule.objects.exists()

    schedule = schedule_as(publisher, draft, publish_at=timezone.now() + datetime.timedelta(hours=1))
    sooner = schedule_form(draft, publish_at=timezone.now() + datetime.timedelta(minutes=5))
    response = editor_client.post(reverse("admin:editors_publicationschedule_change", args=[schedule.pk]), sooner)
    assert response.status_code == 403
    assert PublicationSchedule.objects.get(pk=schedule.pk).publish_at == schedule.publish_at


def test_a_cancelled_schedule_is_read_not_changed_and_a_publisher_schedules_again(site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule = schedule_as(publisher, draft, publish_at=SUMMER_PUBLISH)
    edit_sentence(signed_in_client(editor), draft, SCHEDULED, LATER)
    client = signed_in_client(publisher)
    listing = text_of(soup(client.get(reverse("admin:editors_publicationschedule_changelist"))).find(id="result_list"))
    assert "Cancelled: the draft was changed after it was scheduled." in listing
    assert editor.email in listing
    url = reverse("admin:editors_publicationschedule_change", args=[schedule.pk])
    page = soup(client.get(url))
    assert page.find("input", attrs={"name": "_save"}) is None  # read only
    assert "the draft was changed after it was scheduled" in text_of(page.find(id="content"))
    assert client.post(url, schedule_form(draft, publish_at=SUMMER_PUBLISH)).status_code == 403

    again = soup(client.get(reverse("admin:editors_publicationschedule_add") + f"?version={draft.pk}"))
    assert again.find("select", id="id_version").find("option", selected=True)["value"] == str(draft.pk)
    rescheduled = schedule_as(publisher, Version.objects.get(pk=draft.pk), publish_at=SUMMER_PUBLISH)
    assert rescheduled.pk != schedule.pk
    time_passes(rescheduled)
    run_timer()
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED  # the content the Publisher approved the second time


def test_only_a_draft_can_be_scheduled_to_publish(site_content):
    publisher = make_user("Publisher")
    published = Version.objects.get_for_content(PageContent.objects.get(page=guide_part(), language="en"))
    client = signed_in_client(publisher)
    form = schedule_form(published, publish_at=timezone.now() + datetime.timedelta(hours=1))
    response = client.post(reverse("admin:editors_publicationschedule_add"), form)
    assert response.status_code == 200
    assert "Only a draft can be scheduled to publish" in text_of(soup(response).find(id="content"))
    assert not PublicationSchedule.objects.exists()


# Where a schedule shows ------------------------------------------------------


def test_the_toolbar_shows_a_scheduled_page_and_when_in_uk_time(site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule_as(publisher, draft, publish_at=SUMMER_PUBLISH)
    # The live page and the draft's preview for both; edit mode for the draft's author
    # (with version locking on, only the author may open the draft for editing).
    for user, urls in (
        (
            editor,
            [f"{GUIDE_PART}?toolbar_on", get_object_preview_url(draft.content), get_object_edit_url(draft.content)],
        ),
        (publisher, [f"{GUIDE_PART}?toolbar_on", get_object_preview_url(draft.content)]),
    ):
        client = signed_in_client(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            toolbar = soup(response).find(id="cms-top")
            assert toolbar is not None, url
            assert "Scheduled to publish on 3 July 2031 at 10:00 (UK time)" in text_of(toolbar), (user, url)
    other = Page.objects.get(reverse_id="privacy-notice")
    assert "Scheduled to publish" not in signed_in_client(editor).get(other.get_absolute_url()).content.decode()


def test_after_a_change_the_toolbar_says_the_schedule_was_cancelled_by_whom_and_when(site_content):
    """django CMS 5.1 does not show a plugin form's messages once its window closes; it does redraw the toolbar."""
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule_as(publisher, draft, publish_at=SUMMER_PUBLISH)
    edit_sentence(signed_in_client(editor), draft, SCHEDULED, LATER)
    cancelled_at = PublicationSchedule.objects.get(version=draft).cancelled_at
    for user, url in ((editor, get_object_edit_url(draft.content)), (publisher, f"{GUIDE_PART}?toolbar_on")):
        toolbar = text_of(soup(signed_in_client(user).get(url)).find(id="cms-top"))
        assert "Scheduled to publish" not in toolbar
        assert "Schedule cancelled" in toolbar
        assert "This draft was to publish on 3 July 2031 at 10:00 (UK time)." in toolbar
        assert (
            f"Cancelled on {timezone.localtime(cancelled_at, UK):%-d %B %Y at %H:%M}: {editor.email} changed the draft"
            " after it was scheduled." in toolbar
        )
        assert "Schedule cancelled: a Publisher must schedule or publish it again" in toolbar
        again = soup(signed_in_client(user).get(url)).find(
            "a", href=f"/admin/editors/publicationschedule/add/?version={draft.pk}"
        )
        assert (again is not None) == (user == publisher)  # a Publisher's schedules it again


def version_states(user):
    """{version number: its state cell's text} in the guide part's version list, as ``user`` sees it."""
    url = reverse("admin:djangocms_versioning_pagecontentversion_changelist") + f"?page={guide_part().pk}&language=en"
    page = soup(signed_in_client(user).get(url))
    return {
        text_of(row.find(class_="field-number")): text_of(row.find(class_="field-state"))
        for row in page.find(id="result_list").find("tbody").find_all("tr")
    }


def test_the_version_list_shows_which_version_is_scheduled(site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule_as(publisher, draft, publish_at=SUMMER_PUBLISH)
    for user in (editor, publisher):
        states = version_states(user)
        assert states.pop(draft.number) == "Draft Scheduled to publish on 3 July 2031 at 10:00 (UK time)", user
        assert set(states.values()) == {"Published"}, user

    edit_sentence(signed_in_client(editor), draft, SCHEDULED, LATER)
    cancelled_at = PublicationSchedule.objects.get(version=draft).cancelled_at
    assert version_states(publisher)[draft.number] == (
        f"Draft Schedule cancelled on {timezone.localtime(cancelled_at, UK):%-d %B %Y at %H:%M}:"
        " the draft was changed after it was scheduled."
    )


def test_the_dashboard_shows_a_cancelled_schedule_with_why_who_and_when(site_content):
    editor, publisher = make_user("Editor"), make_user("Publisher")
    draft = make_draft(editor)
    schedule_as(publisher, draft, publish_at=SUMMER_PUBLISH)
    page = soup(signed_in_client(publisher).get("/admin/dashboard/"))
    scheduled = text_of(page.find(class_="dashboard-schedules"))
    assert TITLE in scheduled
    assert "3 July 2031 at 10:00" in scheduled

    edit_sentence(signed_in_client(editor), draft, SCHEDULED, LATER)
    schedule = PublicationSchedule.objects.get(version=draft)
    page = soup(signed_in_client(publisher).get("/admin/dashboard/"))
    assert page.find(class_="dashboard-schedules") is None or TITLE not in text_of(
        page.find(class_="dashboard-schedules")
    )
    cancelled = text_of(page.find(class_="dashboard-cancelled-schedules"))
    assert TITLE in cancelled
    assert "3 July 2031 at 10:00" in cancelled  # what was scheduled
    assert editor.email in cancelled  # who
    assert f"{timezone.localtime(schedule.cancelled_at, UK):%-d %B %Y at %H:%M}" in cancelled  # when
    assert "the draft was changed after it was scheduled" in cancelled  # why
