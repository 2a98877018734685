from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from reversion.admin import VersionAdmin

from . import drafts
from .models import ContactMethod, DirectoryDraft, Service, Situation, SituationService, check_due_before


class _UndoEditorSave(Exception):
    """Raised to roll back an Editor's save once it has been read into a draft."""


class DraftsForEditorsAdmin(VersionAdmin):
    """A directory entry's admin where an Editor's save becomes a draft (drafts.py) and a Publisher's is live.

    Editors may look at the history but not revert or recover (that changes what
    visitors see), nor change positions straight from the list.
    """

    object_history_template = "admin/directory/entry_history.html"
    change_list_template = "admin/directory/entry_change_list.html"

    def add_view(self, request, form_url="", extra_context=None):
        return self.as_draft_for_editors(request, None, partial(super().add_view, request, form_url, extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        view = partial(super().change_view, request, object_id, form_url, extra_context)
        return self.as_draft_for_editors(request, object_id, view)

    def as_draft_for_editors(self, request, object_id, view):
        """Run the admin's own view (django-reversion's, which records a version) and, for an Editor, undo its save.

        The version django-reversion records is undone with the rest: a draft
        is not history until it is published.
        """
        if drafts.can_publish(request.user):
            return view()
        if object_id is not None and not str(object_id).isdigit():
            return view()  # the admin's "not found"
        if request.method != "POST":
            self.tell_editor_about_drafts(request, object_id)
            return view()
        capture = request._directory_draft = drafts.Capture(self, request, object_id)
        try:
            with transaction.atomic():
                response = view()
                if capture.data is None:  # not saved (the form had errors): nothing to undo
                    return response
                raise _UndoEditorSave
        except _UndoEditorSave:
            pass
        draft = capture.save(request.user)
        messages.success(request, "Saved as a draft. Visitors see no change until a publisher publishes it.")
        return redirect("admin:directory_directorydraft_change", draft.pk)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        capture = getattr(request, "_directory_draft", None)
        if capture is not None:
            capture.read(form.instance)

    def tell_editor_about_drafts(self, request, object_id):
        messages.info(request, "Saving makes a draft: a publisher checks it and publishes it.")
        if object_id is None:
            return
        waiting = DirectoryDraft.objects.filter(
            content_type__app_label=self.model._meta.app_label,
            content_type__model=self.model._meta.model_name,
            object_id=object_id,
        ).count()
        if waiting:
            url = reverse("admin:directory_directorydraft_changelist")
            messages.warning(
                request,
                format_html(
                    '{} of this entry {} not published yet: see <a href="{}">drafts of directory entries</a>.',
                    f"{waiting} draft{'s' if waiting > 1 else ''}",
                    "are" if waiting > 1 else "is",
                    url,
                ),
            )

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {"can_restore": drafts.can_publish(request.user), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_restore": drafts.can_publish(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not drafts.can_publish(request.user):
            changelist.list_editable = ()  # a change from the list would be live
        return changelist

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.require_publisher(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.require_publisher(request)
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self.require_publisher(request)
        return super().recoverlist_view(request, extra_context)

    @staticmethod
    def require_publisher(request):
        if not drafts.can_publish(request.user):
            raise PermissionDenied("Only publishers restore earlier versions.")


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
class ServiceAdmin(DraftsForEditorsAdmin):
    """Services, least recently checked first, so entries due a check are at the top.

    Every live change is a version (with its contact methods and situation links):
    History lists them with who and when, and a publisher can revert to any one;
    a deleted service is brought back with "Recover deleted services".
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "service" and not drafts.can_publish(request.user):
            # An Editor's service added or changed from here would be a draft, with
            # nothing to choose until it is published: no pop-up links for them.
            formfield.widget.can_add_related = formfield.widget.can_change_related = False
        return formfield


@admin.register(Situation)
class SituationAdmin(DraftsForEditorsAdmin):
    """Situations with their services (and, from the guidance app, their steps), versioned as one."""

    history_latest_first = True
    list_display = ["title", "is_emergency", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SituationServiceInline]
    search_fields = ["title"]


@admin.register(DirectoryDraft)
class DirectoryDraftAdmin(admin.ModelAdmin):
    """Drafts waiting for a publisher: each one's page compares it with what visitors see, to publish or discard."""

    list_display = ["__str__", "created_by", "created_at"]
    list_display_links = ["__str__"]

    def has_add_permission(self, request):
        return False  # made by saving an entry

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # "Discard" on the draft's page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        draft = DirectoryDraft.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if draft is None:
            messages.warning(request, "That draft is no longer there: it has been published or discarded.")
            return redirect("admin:directory_directorydraft_changelist")
        if not self.has_view_permission(request, draft):
            raise PermissionDenied
        may_publish = drafts.can_publish(request.user)
        may_discard = may_publish or draft.created_by_id == request.user.pk
        if request.method == "POST":
            return self.act(request, draft, request.POST.get("action"), may_publish, may_discard)
        live = drafts.live_entry(draft)
        model = draft.content_type.model_class()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(draft),
            "draft": draft,
            "diff": drafts.differences(draft, live),
            "entry_deleted": draft.object_id is not None and live is None,
            "entry_url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[live.pk])
            if live is not None
            else None,
            "entry_kind": model._meta.verbose_name,
            "may_publish": may_publish,
            "may_discard": may_discard,
        }
        return TemplateResponse(request, "admin/directory/directorydraft/draft.html", context)

    def act(self, request, draft, action, may_publish, may_discard):
        if action == "publish" and may_publish:
            try:
                entry = drafts.publish(draft, request.user)
            except drafts.DraftError as error:
                messages.error(request, f"Not published: {error}")
                return redirect("admin:directory_directorydraft_change", draft.pk)
            author = draft.created_by.get_username() if draft.created_by else "a former editor"
            self.log_change(request, entry, f"Published a draft by {author}.")
            messages.success(request, f"Published: visitors now see “{entry}” as in the draft.")
            return redirect("admin:directory_directorydraft_changelist")
        if action == "discard" and may_discard:
            draft.delete()
            messages.success(request, f"Discarded the draft “{draft.title}”. Visitors see no change.")
            return redirect("admin:directory_directorydraft_changelist")
        raise PermissionDenied
