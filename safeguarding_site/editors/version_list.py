"""The page version list (djangocms-versioning's) says which version is scheduled, and when.

djangocms-versioning registers a proxy of Version per content model so that each
version list can be customised (its docs, "The Admin with Versioning"). The page
versions' admin is extended so that its state column also says when a version is
scheduled, or why a draft's schedule was cancelled, and who published it with the
content checks' findings (checks.py). Its Unlock is offered to Publishers only,
and its email names the site (unlock.py). Pages are named by their titles: a
PageContent's own name adds its language, "(en)", which means nothing to editors.
"""

from cms.models import PageContent
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.html import format_html
from djangocms_versioning import versionables
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version

from . import unlock
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


def confirmation_note(version):
    """Who published it although the content checks found something (checks.py), and what they found."""
    confirmations = sorted(version.publish_confirmations.all(), key=lambda item: item.pk)
    if not confirmations:
        return ""
    last = confirmations[-1]
    who = last.confirmed_by.get_username() if last.confirmed_by else "a former Publisher"
    return f"Published with {last.summary} ({who} confirmed, {uk_time(last.confirmed_at)})"


@admin.display(description=Version._meta.get_field("state").verbose_name, ordering="state")
def state(version):
    """The version's state, and under it its schedule: the column keeps its name (and class), no wider table."""
    html = format_html("{}", version.get_state_display())
    note = schedule_note(version)
    if note:
        html = format_html('{}<br><span class="editors-schedule">{}</span>', html, note)
    confirmed = confirmation_note(version)
    if confirmed:
        html = format_html('{}<br><span class="editors-confirmed">{}</span>', html, confirmed)
    return html


@admin.display(description="Content")
def page_title(version):
    return version.content.title


def version_name(version):
    return f"Version {version.number} ({version.get_state_display()}) of “{version.content.title}”"


def titled(response):
    """A confirmation screen (archive, discard, revert, unpublish) names the page by its title alone."""
    if isinstance(response, TemplateResponse) and isinstance(response.context_data.get("object_name"), PageContent):
        response.context_data["object_name"] = response.context_data["object_name"].title
    return response


def show_schedules(site=admin.site):
    proxy = versionables.for_content(PageContent).version_model_proxy
    registered = type(site.get_model_admin(proxy))

    class ScheduledVersionAdmin(registered):
        def get_queryset(self, request):
            return super().get_queryset(request).prefetch_related("schedules", "publish_confirmations__confirmed_by")

        def get_list_display(self, request):
            columns = {"state": state, "content": page_title}
            return [columns.get(column, column) for column in super().get_list_display(request)]

        def action_checkbox(self, version):
            """Django's tick box, named by the version's number and page title (not "Version #<id> ... (en)")."""
            attrs = {"class": "action-select", "aria-label": f"Select for an action: {version_name(version)}"}
            return forms.CheckboxInput(attrs, lambda value: False).render(ACTION_CHECKBOX_NAME, str(version.pk))

        def archive_view(self, request, object_id):
            return titled(super().archive_view(request, object_id))

        def unpublish_view(self, request, object_id):
            return titled(super().unpublish_view(request, object_id))

        def revert_view(self, request, object_id):
            return titled(super().revert_view(request, object_id))

        def discard_view(self, request, object_id):
            return titled(super().discard_view(request, object_id))

        def get_actions_list(self):
            return [unlock.without_refused_unlock(action) for action in super().get_actions_list()]

        def unlock_view(self, request, object_id):
            return unlock.unlock_view(self, request, object_id)

    unlock.offer_unlock_to_publishers_only()
    site.unregister(proxy)
    site.register(proxy, ScheduledVersionAdmin)
