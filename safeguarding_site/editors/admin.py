from cms.extensions import PageExtensionAdmin
from django import forms
from django.contrib import admin
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from . import page_admin  # noqa: F401 - registers django CMS's page admin with the publishing rules
from .models import PublicationSchedule, ReviewDates


@admin.register(ReviewDates)
class ReviewDatesAdmin(PageExtensionAdmin):
    """Opened from the toolbar's Page menu ("Review dates"): recording a review is a deliberate act."""

    fields = ["last_reviewed", "next_review_due"]

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
        return f"{title} ({where}) – version {version.number}, {version.get_state_display().lower()}"


@admin.register(PublicationSchedule)
class PublicationScheduleAdmin(admin.ModelAdmin):
    """Publishers schedule a draft to go live, or a published page to be withdrawn."""

    list_display = ["version", "publish_at", "unpublish_at", "published_on", "unpublished_on", "outcome", "created_by"]
    list_filter = ["published_on", "unpublished_on"]
    fields = ["version", "publish_at", "unpublish_at"]
    readonly_fields = []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = Version.objects.filter(state__in=[DRAFT, PUBLISHED]).order_by("-modified")
            kwargs["form_class"] = VersionChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("publish_at", timezone.localtime().replace(second=0, microsecond=0))
        return initial
