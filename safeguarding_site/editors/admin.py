from cms.extensions import PageExtensionAdmin
from cms.models import PageContent
from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from . import page_admin  # noqa: F401 - registers django CMS's page admin with the publishing rules
from .models import PublicationSchedule, ReviewDates
from .schedule import uk_time


@admin.register(ReviewDates)
class ReviewDatesAdmin(PageExtensionAdmin):
    """Opened from the toolbar's Page menu ("Review dates"): recording a review is a deliberate act."""

    fields = ["last_reviewed", "next_review_due"]
    list_display = ["page_title", "last_reviewed", "next_review_due", "reviewed_by"]
    list_display_links = ["page_title"]
    list_select_related = ["reviewed_by"]
    ordering = ["next_review_due", "pk"]
    # Django's own form buttons, which offer Delete only to those who may delete
    # (django CMS's extension form always shows it); no "add another": reviews
    # belong to pages, and are opened from the page.
    change_form_template = add_form_template = "admin/change_form.html"
    buttons = {"show_save_and_add_another": False, "show_save_and_continue": False}

    def get_queryset(self, request):
        # The page's title as editors last wrote it (its draft, else what is published).
        titles = PageContent.admin_manager.latest_content(
            page=OuterRef("extended_object"), language=settings.LANGUAGE_CODE
        ).values("title")[:1]
        return super().get_queryset(request).annotate(page_title=Subquery(titles))

    @admin.display(description="Page", ordering="page_title")
    def page_title(self, obj):
        return obj.page_title or "(page without a title)"

    def has_add_permission(self, request):
        # Review dates are added from a page's toolbar (?extended_object=<page>), never on their own.
        return "extended_object" in request.GET and super().has_add_permission(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = {**self.buttons, **(extra_context or {})}
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            context.setdefault("subtitle", self.page_title(obj))
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        obj.reviewed_by = request.user
        if "last_reviewed" in form.changed_data and "next_review_due" not in form.changed_data:
            obj.next_review_due = None  # recompute from the new review date
        super().save_model(request, obj, form, change)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        content = version.content
        page = getattr(content, "page", None)
        title = getattr(content, "title", str(content))
        where = page.get_absolute_url() if page is not None else ""
        return (
            f"{title} ({where}) – version {version.number}, {version.get_state_display().lower()}, "
            f"last changed {uk_time(version.modified)}"
        )


@admin.register(PublicationSchedule)
class PublicationScheduleAdmin(admin.ModelAdmin):
    """Publishers schedule a draft to go live, or a published page to be withdrawn.

    Only Publishers hold this model's permissions (roles.py); the admin checks them on
    every request. A schedule that has run or been cancelled can be read, not changed:
    schedule again instead.
    """

    list_display = ["page", "publish_time", "withdraw_time", "what_happened", "created_by"]
    list_filter = ["published_on", "unpublished_on", "cancelled_at"]
    fields = ["version", "publish_at", "unpublish_at"]
    finished_fields = ["published_on", "unpublished_on", "outcome", "cancelled_at", "cancelled_by", "created_by"]

    @admin.display(description="Page", ordering="version")
    def page(self, schedule):
        content = schedule.version.content
        return f"{getattr(content, 'title', content)} (version {schedule.version.number})"

    @admin.display(description="Publish at (UK time)", ordering="publish_at")
    def publish_time(self, schedule):
        return uk_time(schedule.publish_at) if schedule.publish_at else "–"

    @admin.display(description="Withdraw at (UK time)", ordering="unpublish_at")
    def withdraw_time(self, schedule):
        return uk_time(schedule.unpublish_at) if schedule.unpublish_at else "–"

    @admin.display(description="What happened")
    def what_happened(self, schedule):
        if schedule.cancelled_at:
            who = f", by {schedule.cancelled_by.get_username()}" if schedule.cancelled_by else ""
            return f"{schedule.outcome} On {uk_time(schedule.cancelled_at)}{who}."
        done = [f"Published {uk_time(schedule.published_on)}"] if schedule.published_on else []
        done += [f"Withdrawn {uk_time(schedule.unpublished_on)}"] if schedule.unpublished_on else []
        return "; ".join([*done, *([schedule.outcome] if schedule.outcome else [])] or ["Waiting"])

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return False
        return super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return [*self.fields, *self.finished_fields]
        return self.fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = Version.objects.filter(state__in=[DRAFT, PUBLISHED]).order_by("-modified")
            kwargs["form_class"] = VersionChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        elif obj.publish_at and ("version" in form.changed_data or not obj.content_fingerprint):
            # Another draft chosen: its content now is what the Publisher approves. (A new time
            # alone approves nothing new: a changed draft stays refused.)
            obj.record_content()
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("publish_at", timezone.localtime().replace(second=0, microsecond=0))
        return initial
