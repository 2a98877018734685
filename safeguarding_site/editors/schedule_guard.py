"""A change to a scheduled draft cancels its schedule at once, and tells the person editing.

django CMS sends ``pre_placeholder_operation`` just before every plugin operation
made through its editing screens (add, change, move, cut, paste, delete, clear;
after the permission checks and the form's validation), and
``post_obj_operation`` after a page's settings are saved
(``CHANGE_PAGE_TRANSLATION``). The plugin operation is caught before it happens
so that the message goes out with the plugin form's own answer (its "close
frame" carries the request's messages to the toolbar); ``post_placeholder_operation``
is connected too, in case a pre signal was missed. Edits that send no signal (code,
a shell, a page's template changed from the toolbar) are caught by the timer
itself (schedule.draft_is_as_scheduled).
"""

from cms import operations
from cms.models import PageContent
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from djangocms_versioning.models import Version

from .schedule import cancel, pending_publication, uk_time

CANCELLED = "Cancelled: the draft was changed after it was scheduled."


def _placeholders(operation, kwargs):
    """The placeholders an operation changed (the same reading djangocms-versioning makes)."""
    if operation in (
        operations.ADD_PLUGIN,
        operations.CHANGE_PLUGIN,
        operations.CLEAR_PLACEHOLDER,
        operations.DELETE_PLUGIN,
    ):
        return [kwargs.get("placeholder")]
    if operation in (operations.ADD_PLUGINS_FROM_PLACEHOLDER, operations.PASTE_PLACEHOLDER, operations.PASTE_PLUGIN):
        return [kwargs.get("target_placeholder")]
    if operation == operations.CUT_PLUGIN:
        return [kwargs.get("source_placeholder")]
    if operation == operations.MOVE_PLUGIN:
        return [kwargs.get("source_placeholder"), kwargs.get("target_placeholder")]
    return []


def _versions_of(contents):
    versions = Version.objects.none()
    for content in contents:
        if content is None or content.pk is None:
            continue
        content_type = ContentType.objects.get_for_model(content)
        versions = versions | Version.objects.filter(content_type=content_type, object_id=content.pk)
    return versions


def cancel_schedules(versions, request):
    """Cancel every pending schedule to publish one of ``versions``; tell whoever made the change."""
    user = getattr(request, "user", None)
    by = user if user is not None and user.is_authenticated else None
    for schedule in pending_publication(versions).select_related("version"):
        cancel(schedule, CANCELLED, by=by)
        if request is not None:
            messages.warning(
                request,
                f"This draft was scheduled to publish on {uk_time(schedule.publish_at)} (UK time); your change "
                "cancelled the schedule: a Publisher must schedule or publish it again.",
                fail_silently=True,
            )


def placeholder_changed(sender, operation, request=None, **kwargs):
    placeholders = [placeholder for placeholder in _placeholders(operation, kwargs) if placeholder is not None]
    if placeholders:
        cancel_schedules(_versions_of(placeholder.source for placeholder in placeholders), request)


def page_changed(sender, operation, request=None, obj=None, language=None, **kwargs):
    if operation != operations.CHANGE_PAGE_TRANSLATION or obj is None:
        return
    contents = PageContent.admin_manager.filter(page=obj)
    if language:
        contents = contents.filter(language=language)
    cancel_schedules(_versions_of(contents), request)
