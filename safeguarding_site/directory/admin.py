from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from reversion.admin import VersionAdmin

from .models import ContactMethod, Service, Situation, SituationService, check_due_before


class ContactMethodInline(admin.TabularInline):
    model = ContactMethod
    extra = 1
    fields = ["kind", "label", "value", "position"]


class CheckStatusFilter(admin.SimpleListFilter):
    title = "check status"
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [("due", "Check due"), ("current", "Checked recently")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(last_checked__lte=check_due_before())
        if self.value() == "current":
            return queryset.filter(last_checked__gt=check_due_before())
        return queryset


@admin.register(Service)
class ServiceAdmin(VersionAdmin):
    """Services, least recently checked first, so entries due a check are at the top.

    Every save is a version (with its contact methods and situation links): History
    lists them with who and when, and any one can be reverted to; a deleted service
    is brought back with "Recover deleted services".
    """

    history_latest_first = True
    list_display = ["name", "check_status", "last_checked", "is_emergency"]
    list_filter = [CheckStatusFilter, "is_emergency"]
    ordering = ["last_checked", "name"]
    search_fields = ["name", "who_for", "contact_methods__value"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ContactMethodInline]
    # A web address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "who_for", "what_happens", "is_emergency"]}),
        ("Practical details", {"fields": ["opening_hours", "cost_notes", "anonymity_notes"]}),
        (
            "Which UK nations it covers",
            {"fields": [("covers_england", "covers_wales", "covers_scotland", "covers_northern_ireland")]},
        ),
        ("Checking", {"fields": ["source_name", "source_url", "last_checked"]}),
    ]

    @admin.display(description="Check", ordering="last_checked")
    def check_status(self, service):
        if service.check_due:
            age = timesince(service.last_checked, timezone.localdate())
            return format_html('<strong class="check-due">Check due</strong>: last checked {} ago', age)
        return "Checked recently"


class SituationServiceInline(admin.TabularInline):
    model = SituationService
    extra = 1
    fields = ["service", "position"]
    autocomplete_fields = ["service"]


@admin.register(Situation)
class SituationAdmin(VersionAdmin):
    """Situations with their services (and, from the guidance app, their steps), versioned as one."""

    history_latest_first = True
    list_display = ["title", "is_emergency", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SituationServiceInline]
    search_fields = ["title"]
