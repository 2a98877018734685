"""The content checks (content_checks.py) on editors' screens, and "Publish anyway" for a draft with findings.

The Checks screen shows one draft's figures and findings: a page version, a
directory draft, or a situation or service as it stands. Every route that
publishes (the dashboard, the directory draft's page, djangocms-versioning's
publish) asks ``confirmation`` first: a draft with findings gets a page listing
them and a "Publish anyway" button, which posts the same form again with the
findings' digest; the publish is then recorded by ``record``. A draft without
findings publishes as before.
"""

import hashlib
import json

from cms.models import PageContent
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from djangocms_versioning.models import Version

from safeguarding_site.directory import drafts
from safeguarding_site.directory.models import DirectoryDraft, Service, Situation

from . import content_checks
from .models import PublishConfirmation

CONFIRM_FIELD = "checks_confirmed"
NOT_RESENT = {"csrfmiddlewaretoken", CONFIRM_FIELD}


# Reports ---------------------------------------------------------------------------


def version_report(version):
    return content_checks.check(content_checks.page_content(version.content))


def draft_report(draft):
    return content_checks.check(content_checks.directory_draft_content(draft))


def entry_report(entry):
    if isinstance(entry, Service):
        return content_checks.check(content_checks.service_content(entry))
    return content_checks.check(content_checks.situation_content(entry))


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def summary(report):
    """ "2 problems, 3 suggestions", or "No problems found"."""
    if not report.findings:
        return "No problems found"
    problems = plural(len(report.errors), "problem", "problems")
    return f"{problems}, {plural(len(report.advice), 'suggestion', 'suggestions')}"


def reading_age_words(report):
    """The UK reading age in plain terms: "about 9: good", "about 12: too hard for many parents"."""
    if report.reading_age is None:
        return "Not measured: it has no words of its own to read"
    age = round(report.reading_age)
    if report.reading_age <= content_checks.MAX_READING_AGE:
        return f"About {age}: good"
    return f"About {age}: too hard for many parents (aim for {round(content_checks.MAX_READING_AGE)} or under)"


def digest(report):
    """What the Publisher was shown: a confirmation counts only for the same findings."""
    seen = [[finding.check, finding.severity, finding.where] for finding in report.findings]
    return hashlib.sha256(json.dumps(seen).encode()).hexdigest()[:32]


def figures(report):
    minutes = max(report.reading_minutes, 1) if report.words else 0
    return [
        ("Words", str(report.words)),
        ("Reading time", plural(minutes, "minute", "minutes") if report.words else "None"),
        ("Reading age", reading_age_words(report)),
        # Listed, not a finding: a shorter everyday word is better where there is one.
        ("Longest words", ", ".join(report.longest_words) or "None"),
    ]


# Publishing with findings ----------------------------------------------------------


def confirmation(request, report, title, back_url):
    """A "Publish anyway" page, or None when publishing may go ahead (no findings, or these were confirmed)."""
    if not report.findings or request.POST.get(CONFIRM_FIELD) == digest(report):
        return None
    resent = [(name, value) for name, values in request.POST.lists() if name not in NOT_RESENT for value in values]
    return TemplateResponse(
        request,
        "editors/confirm_publish.html",
        {
            **admin.site.each_context(request),
            "title": f"Publish “{title}” with these findings?",
            "report": report,
            "summary": summary(report),
            "figures": figures(report),
            "action": request.get_full_path(),
            "resent": resent,
            "confirm_field": CONFIRM_FIELD,
            "digest": digest(report),
            "back_url": back_url,
        },
    )


def record(user, report, title, version=None, entry=None):
    """Who published a draft with findings, when, and what the findings were."""
    if not report.findings:
        return None
    return PublishConfirmation.objects.create(
        version=version,
        entry_type=ContentType.objects.get_for_model(entry) if entry is not None else None,
        entry_id=entry.pk if entry is not None else None,
        title=title[:300],
        confirmed_by=user,
        summary=summary(report),
        findings=[
            {"check": finding.check, "severity": finding.severity, "where": finding.where}
            for finding in report.findings
        ],
    )


def confirmations_for(version=None, entry=None):
    if version is not None:
        return PublishConfirmation.objects.filter(
            Q(version=version) | Q(version__in=Version.objects.filter_by_content_grouping_values(version.content))
        ).select_related("confirmed_by", "version")
    if entry is not None and entry.pk is not None:
        return PublishConfirmation.objects.filter(
            entry_type=ContentType.objects.get_for_model(entry), entry_id=entry.pk
        ).select_related("confirmed_by")
    return PublishConfirmation.objects.none()


# The Checks screen -------------------------------------------------------------------


def checks_url_for_review(review):
    if review.version_id is not None:
        return reverse("editors-checks-version", args=[review.version_id])
    if review.directory_draft_id is not None:
        return reverse("editors-checks-draft", args=[review.directory_draft_id])
    return ""


def report_for_review(review):
    if review.version_id is not None:
        return version_report(review.version)
    if review.directory_draft_id is not None:
        return draft_report(review.directory_draft)
    return None


AXE_INTEGRITY = "sha256-ZqiqqVqLBEp/10pUNYc78E/2WhynVWfJIbdQl0IIWhQ="  # static/vendor/axe-core/README.md


def screen(request, report, *, what, links, confirmations, preview_url=""):
    return TemplateResponse(
        request,
        "editors/checks.html",
        {
            **admin.site.each_context(request),
            "title": f"Checks: {report.title}",
            "what": what,
            "report": report,
            "summary": summary(report),
            "figures": figures(report),
            "links": links,
            "confirmations": confirmations,
            "preview_url": preview_url,  # a page's draft: axe runs on it in the editor's browser
            "axe_integrity": AXE_INTEGRITY,
        },
    )


def page_version_for(request, version_id):
    """A page's version, for someone who may change that page (404 or 403 otherwise)."""
    version = get_object_or_404(Version, pk=version_id, content_type=ContentType.objects.get_for_model(PageContent))
    if not version.content.page.has_change_permission(request.user):
        raise PermissionDenied
    return version


@staff_member_required
def version_checks(request, version_id):
    version = page_version_for(request, version_id)
    preview = get_object_preview_url(version.content)
    links = [
        ("Edit the draft", get_object_edit_url(version.content)),
        ("Preview the draft", preview),
        ("Preview it at phone size", reverse("editors-phone-preview", args=[version.pk])),
    ]
    return screen(
        request,
        version_report(version),
        what=f"Page, version {version.number} ({version.get_state_display().lower()})",
        links=links,
        confirmations=confirmations_for(version=version),
        preview_url=without_toolbar(preview),
    )


@staff_member_required
def draft_checks(request, draft_id):
    draft = get_object_or_404(DirectoryDraft, pk=draft_id)
    if not request.user.has_perm("directory.view_directorydraft"):
        raise PermissionDenied
    report = draft_report(draft)
    live = drafts.live_entry(draft)
    return screen(
        request,
        report,
        what=f"Draft of a {drafts.entry_model(draft)._meta.verbose_name}, waiting to be published",
        links=[("See what the draft changes", reverse("admin:directory_directorydraft_change", args=[draft.pk]))],
        confirmations=confirmations_for(entry=live),
    )


def entry_checks(model):
    @staff_member_required
    def view(request, object_id):
        entry = get_object_or_404(model, pk=object_id)
        meta = model._meta
        if not request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            raise PermissionDenied
        return screen(
            request,
            entry_report(entry),
            what=f"{meta.verbose_name.capitalize()}, as visitors see it now",
            links=[("Edit it", reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[entry.pk]))],
            confirmations=confirmations_for(entry=entry),
        )

    return view


# Preview at phone size --------------------------------------------------------------

PHONE_WIDTH = 390  # CSS pixels: an iPhone 12 to 15's, a common phone's width
# django CMS's own query parameters: no toolbar in the frame, and the editor's session keeps its toolbar.
WITHOUT_TOOLBAR = "toolbar_off&persist=false"


def without_toolbar(url):
    return f"{url}{'&' if '?' in url else '?'}{WITHOUT_TOOLBAR}"


@staff_member_required
def phone_preview(request, version_id):
    """The draft's preview in a frame 390 pixels wide: the page's own phone layout, with no script needed."""
    version = page_version_for(request, version_id)
    preview = get_object_preview_url(version.content)
    return TemplateResponse(
        request,
        "editors/phone_preview.html",
        {
            **admin.site.each_context(request),
            "title": f"At phone size: {version.content.title}",
            "frame_url": without_toolbar(preview),
            "desktop_url": preview,
            "checks_url": reverse("editors-checks-version", args=[version.pk]),
            "width": PHONE_WIDTH,
        },
    )


situation_checks = entry_checks(Situation)
service_checks = entry_checks(Service)
