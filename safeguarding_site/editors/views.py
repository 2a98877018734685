import datetime

from cms.models import Page, PageContent
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from content.corrections import to_correct_by_hand
from safeguarding_site.directory.models import DirectoryDraft, Service, check_due_before

from .models import PublicationSchedule, ReviewDates


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
            "directory_drafts": DirectoryDraft.objects.select_related("created_by"),
            "schedules": PublicationSchedule.objects.filter(published_on__isnull=True, outcome="")
            .exclude(publish_at__isnull=True)
            .select_related("version"),
        },
    )
