"""The page version list (djangocms-versioning's) says which version is scheduled, and when.

djangocms-versioning registers a proxy of Version per content model so that each
version list can be customised (its docs, "The Admin with Versioning"): the
registered admin is extended with one more column, after the state.
"""

from cms.models import PageContent
from django.contrib import admin
from djangocms_versioning import versionables
from djangocms_versioning.constants import DRAFT

from .schedule import uk_time, waiting


def schedule_note(version):
    """One line about the version's schedules: what is still to happen, or why a draft's schedule ended."""
    schedules = sorted(version.schedules.all(), key=lambda schedule: schedule.pk)
    notes = [note for schedule in schedules for note in waiting(schedule)]
    if notes:
        return "; ".join(notes)
    if version.state == DRAFT:
        ended = [schedule for schedule in schedules if schedule.cancelled_at and schedule.publish_at]
        if ended:
            last = ended[-1]
            return f"Schedule cancelled on {uk_time(last.cancelled_at)}: {last.outcome.split(': ', 1)[-1]}"
    return ""


def show_schedules(site=admin.site):
    proxy = versionables.for_content(PageContent).version_model_proxy
    registered = type(site.get_model_admin(proxy))

    class ScheduledVersionAdmin(registered):
        def get_queryset(self, request):
            return super().get_queryset(request).prefetch_related("schedules")

        def get_list_display(self, request):
            columns = list(super().get_list_display(request))
            columns.insert(columns.index("state") + 1 if "state" in columns else len(columns), "publication_schedule")
            return columns

        @admin.display(description="Schedule")
        def publication_schedule(self, version):
            return schedule_note(version)

    site.unregister(proxy)
    site.register(proxy, ScheduledVersionAdmin)
