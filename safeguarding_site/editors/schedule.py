"""Carry out due publication schedules. Idempotent: safe to run repeatedly, or late.

A schedule publishes exactly the draft the Publisher scheduled: what the draft
held then is recorded (``content_fingerprint``, and the version's ``modified``,
which djangocms-versioning moves on every edit made through the CMS), and is
checked again here before publishing.
"""

import hashlib
import json
import zoneinfo

from django.db import transaction
from django.utils import dateformat, timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED

from .models import PublicationSchedule

UK = zoneinfo.ZoneInfo("Europe/London")
CHANGED_AFTER_SCHEDULING = "Not published: the draft was changed after it was scheduled."


def uk_time(moment):
    """A time as editors read it: "3 December 2026 at 10:00", in UK time."""
    return dateformat.format(timezone.localtime(moment, UK), r"j F Y \a\t H:i")


def _field_values(obj):
    """Every stored value of ``obj`` (its fields, inherited ones too, and many-to-many ids), as text."""
    values = {}
    for field in obj._meta.get_fields():
        if field.concrete and field.many_to_many:
            values[field.name] = sorted(str(related.pk) for related in field.value_from_object(obj))
        elif field.concrete:
            values[field.attname] = field.value_to_string(obj)
    return values


def content_fingerprint(content):
    """A digest of a draft's content: its own fields, and every plugin in its placeholders with its data."""
    placeholders = []
    if hasattr(content, "get_placeholders"):
        for placeholder in sorted(content.get_placeholders(), key=lambda p: (p.slot, p.pk)):
            plugins = []
            for plugin in placeholder.get_plugins():
                bound = plugin.get_bound_plugin() or plugin  # a plugin whose class has gone keeps its base row
                plugins.append(_field_values(bound))
            plugins.sort(key=lambda values: values["id"])  # any fixed order: positions are among the values
            placeholders.append({"slot": placeholder.slot, "plugins": plugins})
    document = {"content": _field_values(content), "placeholders": placeholders}
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def draft_is_as_scheduled(schedule):
    """True if the draft still holds exactly what the Publisher scheduled."""
    version = schedule.version
    return bool(
        schedule.content_fingerprint
        and version.modified == schedule.content_modified
        and content_fingerprint(version.content) == schedule.content_fingerprint
    )


def pending_publication(versions):
    """Schedules still waiting to publish one of ``versions`` (drafts)."""
    return PublicationSchedule.objects.filter(
        version__in=versions,
        version__state=DRAFT,
        publish_at__isnull=False,
        published_on__isnull=True,
        cancelled_at__isnull=True,
        outcome="",
    )


def waiting(schedule):
    """What a schedule will still do, in editors' words: ["Scheduled to publish on … (UK time)", …]."""
    if schedule.cancelled_at:
        return []
    state = schedule.version.state
    to_publish = bool(schedule.publish_at and not schedule.published_on and not schedule.outcome and state == DRAFT)
    notes = []
    if to_publish:
        notes.append(f"Scheduled to publish on {uk_time(schedule.publish_at)} (UK time)")
    if schedule.unpublish_at and not schedule.unpublished_on and (to_publish or state == PUBLISHED):
        notes.append(f"Scheduled to be withdrawn on {uk_time(schedule.unpublish_at)} (UK time)")
    return notes


def cancel(schedule, reason, by=None, now=None):
    """Close a schedule that must not publish, saying why and who caused it."""
    schedule.cancelled_at = now or timezone.now()
    schedule.cancelled_by = by
    schedule.outcome = reason
    schedule.save(update_fields=["cancelled_at", "cancelled_by", "outcome"])


def run_due(now=None):
    """Publish and withdraw what is due by ``now``; return a line per action taken."""
    now = now or timezone.now()
    report = []
    due_publish = PublicationSchedule.objects.filter(
        publish_at__lte=now, published_on__isnull=True, cancelled_at__isnull=True, outcome=""
    )
    for schedule in due_publish.select_related("version", "created_by"):
        with transaction.atomic():
            schedule = PublicationSchedule.objects.select_for_update().get(pk=schedule.pk)
            if schedule.published_on or schedule.cancelled_at or schedule.outcome:
                continue
            version = schedule.version
            if version.state != DRAFT:
                schedule.outcome = f"Not published: the version was {version.get_state_display().lower()} by then."
                report.append(f"skipped {version}: {schedule.outcome}")
                schedule.save()
            elif not draft_is_as_scheduled(schedule):
                cancel(schedule, CHANGED_AFTER_SCHEDULING, now=now)
                report.append(f"not published {version}: {schedule.outcome}")
            else:
                version.publish(schedule.created_by)
                schedule.published_on = now
                report.append(f"published {version}")
                schedule.save()
    due_withdraw = PublicationSchedule.objects.filter(
        unpublish_at__lte=now, unpublished_on__isnull=True, cancelled_at__isnull=True
    )
    for schedule in due_withdraw.select_related("version", "created_by"):
        with transaction.atomic():
            schedule = PublicationSchedule.objects.select_for_update().get(pk=schedule.pk)
            if schedule.unpublished_on or schedule.cancelled_at:
                continue
            version = schedule.version
            if version.state == PUBLISHED:
                version.unpublish(schedule.created_by)
                report.append(f"withdrew {version}")
            else:
                report.append(f"nothing to withdraw for {version}: it is {version.get_state_display().lower()}")
            schedule.unpublished_on = now
            schedule.save()
    return report
