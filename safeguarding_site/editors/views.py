import datetime

from cms.models import Page, PageContent
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.helpers import version_list_url

from safeguarding_site.directory.models import DirectoryDraft, Service, check_due_before

from .models import PublicationSchedule, ReviewDates
from .schedule import pending_publication, uk_time, waiting


@staff_member_required
def dashboard(request):
    """What needs an editor's attention: reviews due, directory entries due a check, directory drafts waiting."""
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
            "pages": pages,
            "services": services,
            "soon_days": settings.REVIEW_DUE_SOON_DAYS,
            "check_days": settings.DIRECTORY_CHECK_AFTER_DAYS,
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
