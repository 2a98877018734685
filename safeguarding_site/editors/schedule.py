"""Carry out due publication schedules. Idempotent: safe to run repeatedly, or late."""

from django.db import transaction
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED

from .models import PublicationSchedule


def run_due(now=None):
    """Publish and withdraw what is due by ``now``; return a line per action taken."""
    now = now or timezone.now()
    report = []
    due_publish = PublicationSchedule.objects.filter(publish_at__lte=now, published_on__isnull=True, outcome="")
    for schedule in due_publish.select_related("version", "created_by"):
        with transaction.atomic():
            schedule = PublicationSchedule.objects.select_for_update().get(pk=schedule.pk)
            if schedule.published_on or schedule.outcome:
                continue
            version = schedule.version
            if version.state == DRAFT:
                version.publish(schedule.created_by)
                schedule.published_on = now
                report.append(f"published {version}")
            else:
                schedule.outcome = f"Not published: the version was {version.get_state_display().lower()} by then."
                report.append(f"skipped {version}: {schedule.outcome}")
            schedule.save()
    due_withdraw = PublicationSchedule.objects.filter(unpublish_at__lte=now, unpublished_on__isnull=True)
    for schedule in due_withdraw.select_related("version", "created_by"):
        with transaction.atomic():
            schedule = PublicationSchedule.objects.select_for_update().get(pk=schedule.pk)
            if schedule.unpublished_on:
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
