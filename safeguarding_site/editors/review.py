"""Review: an editor submits a draft, a Publisher publishes it or sends it back with a comment.

Drafts are page versions (djangocms-versioning) and drafts of directory entries
(directory/drafts.py). Submitting emails every Publisher; the dashboard lists
what waits, oldest first. A draft published or discarded by any route closes
its request (signal handlers at the end), so the dashboard never shows a draft
that is no longer waiting.
"""

import logging
import smtplib

from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from djangocms_versioning import constants
from djangocms_versioning.models import StateTracking, Version

from safeguarding_site.directory import drafts
from safeguarding_site.directory.models import DirectoryDraft

from . import checks
from .models import ReviewRequest
from .roles import PUBLISHER

NOTE_MAX = 2000
logger = logging.getLogger(__name__)


# What a request is about -------------------------------------------------------


def page_of(version):
    return version.content.page


def live_version_of(version):
    """The published version of the same page, if any."""
    return (
        Version.objects.filter_by_grouper(page_of(version))
        .filter(state=constants.PUBLISHED)
        .exclude(pk=version.pk)
        .first()
    )


def compare_url(review):
    """Where a Publisher sees what the draft would change."""
    if review.version_id is not None:
        live = live_version_of(review.version)
        if live is None:  # a new page: nothing to compare with
            return get_object_preview_url(review.version.content)
        url = reverse("admin:djangocms_versioning_pagecontentversion_compare", args=[live.pk])
        return f"{url}?compare_to={review.version.pk}"
    if review.directory_draft_id is not None:
        return reverse("admin:directory_directorydraft_change", args=[review.directory_draft_id])
    return ""


def edit_url(review):
    if review.version_id is not None:
        return get_object_edit_url(review.version.content)
    if review.directory_draft_id is not None:
        return reverse("admin:directory_directorydraft_change", args=[review.directory_draft_id])
    return ""


def seen_marker(review):
    """What the Publisher looked at: publishing refuses a draft changed since (a race, not a silent overwrite)."""
    if review.version_id is not None:
        return review.version.modified.isoformat()
    if review.directory_draft_id is not None:
        return drafts.draft_digest(review.directory_draft)
    return ""


def may_decide(user, review):
    if review.version_id is not None:
        return review.version.check_publish.as_bool(user)
    return drafts.can_publish(user)


def waiting_for(version=None, directory_draft=None):
    requests = ReviewRequest.objects.filter(status=ReviewRequest.WAITING)
    if version is not None:
        return requests.filter(version=version).first()
    return requests.filter(directory_draft=directory_draft).first()


def latest_for_version(version):
    return ReviewRequest.objects.filter(version=version).order_by("-submitted_at", "-pk").first()


def review_status(version=None, directory_draft=None):
    """For a draft's screen: its latest review request, and where to submit it if it is not waiting."""
    requests = ReviewRequest.objects.filter(version=version) if version else directory_draft.review_requests
    latest = requests.order_by("-submitted_at", "-pk").first()
    if latest is not None and latest.status == ReviewRequest.WAITING:
        return {"review": latest, "submit_url": ""}
    if version is not None:
        submit_url = reverse("editors-submit-page-version", args=[version.pk])
    else:
        submit_url = reverse("editors-submit-directory-draft", args=[directory_draft.pk])
    return {"review": latest, "submit_url": submit_url}


def close_waiting(user, version=None, directory_draft=None):
    """A draft published by another route than the dashboard: its waiting request is published too."""
    review = waiting_for(version=version, directory_draft=directory_draft)
    if review is not None:
        close(review, ReviewRequest.PUBLISHED, user)


# Email ------------------------------------------------------------------------


def publishers_emails():
    users = get_user_model().objects.filter(is_active=True, groups__name=PUBLISHER).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def email(subject, template, context, recipients):
    """Send, or log why not: a mail server that is down must not lose the review it tells of."""
    if not recipients:
        return True
    body = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    try:
        send_mail(f"[{settings.SITE_NAME}] {subject}", body, None, recipients)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send the email %r", subject)
        return False
    return True


def tell_publishers(request, review):
    return email(
        f"Waiting for review: {review.title}",
        "editors/email/review_submitted.txt",
        {
            "review": review,
            "by": review.submitted_by.get_username() if review.submitted_by else "an editor",
            "compare_url": request.build_absolute_uri(compare_url(review)),
            "checks_url": request.build_absolute_uri(checks.checks_url_for_review(review)),
            "checks_summary": checks.summary(checks.report_for_review(review)),
            "dashboard_url": request.build_absolute_uri(reverse("editors-dashboard")),
        },
        [address for address in publishers_emails() if address != request.user.email],
    )


def tell_editor(request, review):
    if review.submitted_by is None or not review.submitted_by.email or review.submitted_by == request.user:
        return
    sent_back = review.status == ReviewRequest.SENT_BACK
    email(
        f"{'Sent back' if sent_back else 'Published'}: {review.title}",
        "editors/email/review_decided.txt",
        {
            "review": review,
            "sent_back": sent_back,
            "by": request.user.get_username(),
            "edit_url": request.build_absolute_uri(edit_url(review)) if sent_back else "",
            "dashboard_url": request.build_absolute_uri(reverse("editors-dashboard")),
        },
        [review.submitted_by.email],
    )


# Views --------------------------------------------------------------------------


def submit(request, *, title, version=None, directory_draft=None, back_url):
    """The "Submit for review" form: an optional note, then Publishers are told."""
    existing = waiting_for(version=version, directory_draft=directory_draft)
    if existing is not None:
        messages.info(
            request,
            f"This draft is already waiting for a Publisher (sent by "
            f"{existing.submitted_by.get_username() if existing.submitted_by else 'an editor'} "
            f"on {timezone.localtime(existing.submitted_at):%-d %b %Y, %H:%M}).",
        )
        return redirect(back_url)
    error = ""
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "").strip()
        if len(note) > NOTE_MAX:
            error = f"Please keep the note under {NOTE_MAX} characters (it has {len(note)})."
        else:
            with transaction.atomic():
                review = ReviewRequest.objects.create(
                    version=version,
                    directory_draft=directory_draft,
                    title=title[:300],
                    note=note,
                    submitted_by=request.user,
                )
            if tell_publishers(request, review):
                messages.success(request, "Sent for review. The Publishers have been told by email.")
            else:
                messages.warning(
                    request,
                    "Sent for review. The email to the Publishers could not be sent, but they will see it on"
                    " the editors' dashboard.",
                )
            return redirect(back_url)
    return render(
        request,
        "editors/submit_for_review.html",
        {"title": f"Submit for review: {title}", "draft_title": title, "note": note, "error": error,
         "back_url": back_url, "note_max": NOTE_MAX},
    )  # fmt: skip


@staff_member_required
def submit_page_version(request, version_id):
    version = get_object_or_404(Version, pk=version_id, state=constants.DRAFT)
    if not version.content.page.has_change_permission(request.user):
        raise PermissionDenied
    return submit(
        request,
        title=version.content.title,
        version=version,
        back_url=get_object_edit_url(version.content),
    )


@staff_member_required
def submit_directory_draft(request, draft_id):
    draft = get_object_or_404(DirectoryDraft, pk=draft_id)
    if not request.user.has_perm("directory.view_directorydraft"):
        raise PermissionDenied
    back = reverse("admin:directory_directorydraft_change", args=[draft.pk])
    return submit(request, title=str(draft), directory_draft=draft, back_url=back)


@staff_member_required
@require_POST
def decide(request, review_id):
    """A Publisher publishes a waiting draft, or sends it back with a comment for the editor."""
    review = get_object_or_404(ReviewRequest, pk=review_id)
    dashboard = reverse("editors-dashboard")
    if review.status != ReviewRequest.WAITING:
        messages.warning(
            request, f"“{review.title}” is no longer waiting: it was {review.get_status_display().lower()}."
        )
        return redirect(dashboard)
    if not may_decide(request.user, review):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "send_back":
        comment = request.POST.get("comment", "").strip()
        if not comment:
            messages.error(request, "Nothing sent back: write a comment saying what the editor should change.")
            return redirect(dashboard)
        close(review, ReviewRequest.SENT_BACK, request.user, comment=comment[:NOTE_MAX])
        tell_editor(request, review)
        messages.success(request, f"Sent “{review.title}” back with your comment. Visitors see no change.")
        return redirect(dashboard)
    if action == "publish":
        return publish(request, review, dashboard)
    raise Http404("Unknown action")


CHANGED_SINCE_SEEN = "Not published: “{}” was changed after you opened the dashboard. See what it changes now."


def publish(request, review, dashboard):
    seen = request.POST.get("seen", "")
    if seen != seen_marker(review):
        messages.error(request, CHANGED_SINCE_SEEN.format(review.title))
        return redirect(dashboard)
    report = checks.report_for_review(review)
    draft = review.directory_draft
    stale = draft is not None and drafts.is_out_of_date(draft, drafts.live_snapshot(draft))  # refused below
    if report is not None and not stale and (asked := checks.confirmation(request, report, review.title, dashboard)):
        return asked  # findings: "Publish anyway" posts this form again
    try:
        with transaction.atomic():
            close(review, ReviewRequest.PUBLISHED, request.user)
            if review.version_id is not None:
                review.version.publish(request.user)
                checks.record(request.user, report, review.title, version=review.version)
            elif review.directory_draft_id is not None:
                entry = drafts.publish(review.directory_draft, request.user, seen=seen)
                checks.record(request.user, report, review.title, entry=entry)
            else:
                raise drafts.DraftError("The draft is no longer there.")
    except drafts.DraftError as error:
        messages.error(request, f"Not published: {error} Open the draft to see why.")
        return redirect(dashboard)
    except drafts.LostRace:
        messages.error(request, CHANGED_SINCE_SEEN.format(review.title))
        return redirect(dashboard)
    review.refresh_from_db()
    tell_editor(request, review)
    messages.success(request, f"Published: visitors now see “{review.title}”.")
    return redirect(dashboard)


def close(review, status, user, comment=""):
    review.status = status
    review.decided_by = user
    review.decided_at = timezone.now()
    review.comment = comment
    review.save(update_fields=["status", "decided_by", "decided_at", "comment"])


# Requests closed by whatever route the draft leaves by ----------------------------


def version_changed(sender, operation, obj, **kwargs):
    """djangocms-versioning's post_version_operation: a published or discarded draft is no longer waiting."""
    if operation == constants.OPERATION_PUBLISH:
        status = ReviewRequest.PUBLISHED
    elif operation == constants.OPERATION_ARCHIVE:  # a discarded draft's request goes with its version
        status = ReviewRequest.WITHDRAWN
    else:
        return
    tracked = StateTracking.objects.filter(version=obj).order_by("-date", "-pk").first()
    for review in ReviewRequest.objects.filter(version=obj, status=ReviewRequest.WAITING):
        close(review, status, tracked.user if tracked else None)


def directory_draft_deleted(sender, instance, **kwargs):
    """A directory draft discarded by any route: its waiting request is withdrawn (one published was closed first)."""
    for review in ReviewRequest.objects.filter(directory_draft=instance, status=ReviewRequest.WAITING):
        close(review, ReviewRequest.WITHDRAWN, None)
