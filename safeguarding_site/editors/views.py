import datetime

from cms.models import Page, PageContent
from cms.toolbar.utils import get_object_edit_url
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.helpers import version_list_url
from djangocms_versioning.models import Version

from content.corrections import to_correct_by_hand
from safeguarding_site.directory.models import DirectoryDraft, Service, check_due_before
from safeguarding_site.links.models import CheckedLink

from . import checks
from . import review as review_workflow
from .models import PublicationSchedule, ReviewDates, ReviewRequest
from .schedule import pending_publication, uk_time, waiting


@staff_member_required
def dashboard(request):
    """What needs an editor's attention: corrections to make, reviews due, entries due a check, drafts waiting."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=settings.REVIEW_DUE_SOON_DAYS)
    language = settings.LANGUAGE_CODE
    titles = {content.page_id: content.title for content in PageContent.admin_manager.filter(language=language)}
    reviews = {review.extended_object_id: review for review in ReviewDates.objects.all()}
    pages = []
    for page in Page.objects.filter(site_id=settings.SITE_ID).order_by("path"):
        review = reviews.get(page.pk)
        if review is not None and review.next_review_due > soon:
            continue
        if review is None:
            fix_url = reverse("admin:editors_reviewdates_add") + f"?extended_object={page.pk}"
        else:
            fix_url = reverse("admin:editors_reviewdates_change", args=[review.pk])
        pages.append(
            {
                "title": titles.get(page.pk, f"Page {page.pk}"),
                "url": page.get_absolute_url(language),
                "review": review,
                "overdue": review is None or review.next_review_due < today,
                "fix_url": fix_url,
            }
        )
    pages.sort(key=lambda item: (not item["overdue"], item["review"].next_review_due if item["review"] else today))
    services = Service.objects.filter(last_checked__lte=check_due_before(today)).order_by("last_checked")
    return render(
        request,
        "editors/dashboard.html",
        {
            "title": "Editors’ dashboard",
            "corrections": to_correct_by_hand(),
            "pages": pages,
            "services": services,
            "soon_days": settings.REVIEW_DUE_SOON_DAYS,
            "check_days": settings.DIRECTORY_CHECK_AFTER_DAYS,
            "broken_links": CheckedLink.objects.filter(result=CheckedLink.BROKEN),
            **review_lists(request),
            "directory_drafts": DirectoryDraft.objects.select_related("created_by"),
            **schedules_context(),
        },
    )


ENDED_SCHEDULES_SHOWN_DAYS = 30


def _scheduled_page(schedule):
    content = schedule.version.content
    return {"title": getattr(content, "title", str(content)), "versions_url": version_list_url(content)}


def schedules_context(now=None):
    """What is scheduled, and schedules that ended without publishing (cancelled, or refused) lately."""
    now = now or timezone.now()
    waiting_schedules = PublicationSchedule.objects.filter(
        Q(publish_at__isnull=False, published_on__isnull=True, outcome="")
        | Q(unpublish_at__isnull=False, unpublished_on__isnull=True),
        cancelled_at__isnull=True,
    ).select_related("version", "created_by")
    scheduled = []
    for schedule in waiting_schedules:
        notes = waiting(schedule)
        if notes:
            scheduled.append({"schedule": schedule, "notes": notes, **_scheduled_page(schedule)})
    since = now - datetime.timedelta(days=ENDED_SCHEDULES_SHOWN_DAYS)
    ended_schedules = (
        PublicationSchedule.objects.filter(publish_at__isnull=False, published_on__isnull=True)
        .exclude(outcome="")
        .filter(Q(cancelled_at__gte=since) | Q(cancelled_at__isnull=True, publish_at__gte=since))
        .select_related("version", "cancelled_by")
    )
    rescheduled = set(pending_publication([s.version for s in ended_schedules]).values_list("version", flat=True))
    ended = [
        {
            "schedule": schedule,
            "was_to_publish": uk_time(schedule.publish_at),
            "when": uk_time(schedule.cancelled_at or schedule.publish_at),
            "rescheduled": schedule.version_id in rescheduled,
            "again": schedule.version.state == DRAFT and schedule.version_id not in rescheduled,
            **_scheduled_page(schedule),
        }
        for schedule in sorted(ended_schedules, key=lambda s: s.cancelled_at or s.publish_at, reverse=True)
    ]
    return {"scheduled": scheduled, "ended_schedules": ended, "ended_days": ENDED_SCHEDULES_SHOWN_DAYS}


def review_lists(request):
    """Drafts waiting for a Publisher (oldest first), drafts sent back to this editor, and drafts not yet submitted."""
    user = request.user
    waiting = []
    for item in ReviewRequest.objects.filter(status=ReviewRequest.WAITING).select_related(
        "submitted_by", "version", "directory_draft"
    ):
        report = checks.report_for_review(item)
        waiting.append(
            {
                "review": item,
                "checks_summary": checks.summary(report) if report is not None else "",
                "checks_url": checks.checks_url_for_review(item),
                "kind": "Page" if item.is_page else "Directory entry",
                "compare_url": review_workflow.compare_url(item),
                "may_decide": review_workflow.may_decide(user, item),
                "seen": review_workflow.seen_marker(item),
            }
        )
    page_drafts = Version.objects.filter(
        state=DRAFT, content_type=ContentType.objects.get_for_model(PageContent)
    ).select_related("created_by", "locked_by")
    submitted_versions = {item["review"].version_id for item in waiting}
    submitted_drafts = {item["review"].directory_draft_id for item in waiting}
    latest = {}
    for item in ReviewRequest.objects.filter(submitted_by=user).order_by("submitted_at", "pk"):
        latest[("page", item.version_id) if item.is_page else ("entry", item.directory_draft_id)] = item
    sent_back = [
        item
        for (kind, pk), item in latest.items()
        if item.status == ReviewRequest.SENT_BACK
        and pk is not None
        and (kind == "entry" or Version.objects.filter(pk=pk, state=DRAFT).exists())
    ]
    in_progress = [
        {
            "title": version.content.title,
            "kind": "Page",
            "url": get_object_edit_url(version.content),
            "by": version.created_by,
            "since": version.modified,
            "locked_by": version.locked_by,
        }
        for version in page_drafts
        if version.pk not in submitted_versions
    ] + [
        {
            "title": str(draft),
            "kind": "Directory entry",
            "url": reverse("admin:directory_directorydraft_change", args=[draft.pk]),
            "by": draft.created_by,
            "since": draft.created_at,
            "locked_by": None,
        }
        for draft in DirectoryDraft.objects.select_related("created_by")
        if draft.pk not in submitted_drafts
    ]
    in_progress.sort(key=lambda item: item["since"])
    return {"waiting": waiting, "sent_back": sent_back, "in_progress": in_progress}
