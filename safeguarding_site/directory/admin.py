import re
from functools import partial

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import drafts, hours
from .models import ContactMethod, DirectoryDraft, Service, Situation, SituationService, check_due_before

STATE_FIELD = "entry_state"  # the hidden field saying what the form was opened on (drafts.EntryState)
NEW_DRAFT_PARAM = "draft"  # on the add page: the draft of a new entry, reopened


class _UndoEditorSave(Exception):
    """Raised to roll back an Editor's save once it has been read into a draft."""


class EntryStateCheck:
    """Mixed into an entry's admin form: a save made after the entry or its draft changed is refused.

    The form comes back with everything typed in it and the current state in
    its hidden field, so saving again is a choice made knowing of the change.
    """

    entry_state = None

    def clean(self):
        cleaned_data = super().clean()
        change = self.entry_state.changed_since(self.data.get(STATE_FIELD))
        if change:
            raise ValidationError(self.refusal(change), code="lost_race")
        return cleaned_data

    def refusal(self, change):
        state = self.entry_state
        if state.watch_draft and state.draft is not None:
            where = reverse("admin:directory_directorydraft_change", args=[state.draft.pk]), "the draft’s page"
        elif state.object_id is None:  # a new entry's draft, published or discarded
            where = reverse("admin:directory_directorydraft_changelist"), "drafts"
        else:
            opts = state.model._meta
            where = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[state.object_id]), "history"
        return format_html(
            "Not saved, so that nobody’s work is lost: since you opened this page, {}. Everything you"
            ' typed is still below, without their change. Check what they changed (<a href="{}">{}</a>),'
            " then save again to keep what you typed, or open the page again to start from their version.",
            change,
            *where,
        )


class RevertStateCheck(EntryStateCheck):
    """Mixed into the form of a revert: refused if what visitors see changed after the revert page was opened."""

    def refusal(self, change):
        state = self.entry_state
        opts = state.model._meta
        if state.live is None:  # deleted meanwhile: its history is on the list of deleted entries
            where = reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist")
        else:
            where = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[state.object_id])
        return format_html(
            "Not reverted, so that nobody’s work is lost: since you opened this page, {}. Reverting now would"
            ' undo that. <a href="{}">Look at the history again</a> to see what changed and choose a version.'
            " To go back to this version anyway, save again.",
            change,
            where,
        )


class RecoverStateCheck(RevertStateCheck):
    """Mixed into the form that recovers a deleted entry: refused if someone recovered it after the page was opened."""

    def refusal(self, change):
        state = self.entry_state
        opts = state.model._meta
        return format_html(
            "Not recovered, so that nobody’s work is lost: since you opened this page, {}. Recovering now would"
            ' undo that. <a href="{}">Look at its history</a> to see what it is now.'
            " To bring back this version anyway, in place of theirs, save again.",
            change,
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[state.object_id]),
        )


def yes_or_no(value):
    """Django's tick or cross, which screen readers read as "Yes" or "No" (Django's own alt text is "True"/"False")."""
    icon = static(f"admin/img/icon-{'yes' if value else 'no'}.svg")
    return format_html('<img src="{}" alt="{}">', icon, "Yes" if value else "No")


class DraftsForEditorsAdmin(VersionAdmin):
    """A directory entry's admin where an Editor's save goes into its draft (drafts.py) and a Publisher's is live.

    Both check that nobody changed the entry (or its draft) since the form was
    opened. Editors may look at the history but not revert or recover (that
    changes what visitors see), nor change positions straight from the list.
    """

    object_history_template = "admin/directory/entry_history.html"
    change_list_template = "admin/directory/entry_change_list.html"
    change_form_template = "admin/directory/entry_change_form.html"
    revision_form_template = "admin/directory/entry_revision_form.html"
    recover_form_template = "admin/directory/entry_recover_form.html"

    def add_view(self, request, form_url="", extra_context=None):
        return self.edit_entry(request, None, partial(super().add_view, request, form_url, extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        view = partial(super().change_view, request, object_id, form_url, extra_context)
        return self.edit_entry(request, object_id, view)

    def edit_entry(self, request, object_id, view):
        """Run the admin's own view (django-reversion's, which records a version): live for Publishers, else a draft."""
        if object_id is not None and not str(object_id).isdigit():
            return view()  # the admin's "not found"
        publisher = drafts.can_publish(request.user)
        relations = drafts.inline_relations(self, request)
        new_draft_id = None
        if object_id is None and not publisher:
            new_draft_id = self.new_draft_asked(request)
            gone = new_draft_id is not None and drafts.new_entry_draft(self.model, new_draft_id) is None
            if gone and request.method != "POST":  # a save is refused instead, keeping what was typed
                messages.warning(request, "That draft is no longer there: it has been published or discarded.")
                opts = self.model._meta
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request.directory_entry_state = drafts.EntryState(
            self.model, object_id, relations, watch_draft=not publisher, new_draft_id=new_draft_id
        )
        if publisher:
            return self.save_live(request, object_id, view)
        return self.save_as_draft(request, object_id, view)

    @staticmethod
    def new_draft_asked(request):
        """The id of the new entry's draft the add page reopens (?draft=), or None."""
        value = request.GET.get(NEW_DRAFT_PARAM, "")
        return int(value) if value.isdigit() else None

    @classmethod
    def reopen_url(cls, draft):
        """Where an Editor carries on with a draft of a new entry: the add page, filled in from it."""
        model = drafts.entry_model(draft)
        add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        return f"{add}?{NEW_DRAFT_PARAM}={draft.pk}"

    def save_live(self, request, object_id, view):
        response = view()
        saved = request.method == "POST" and response.status_code == 302
        if saved and object_id is not None and self.model.objects.filter(pk=object_id).exists():
            draft = drafts.open_draft(self.model, object_id)
            if draft is not None:
                messages.warning(
                    request,
                    format_html(
                        "Visitors now see your change. A draft of this {} by {} began before it: an editor"
                        ' must bring it up to date before it can be published (<a href="{}">see the draft</a>).',
                        self.model._meta.verbose_name,
                        drafts.who(draft.created_by),
                        reverse("admin:directory_directorydraft_change", args=[draft.pk]),
                    ),
                )
        return response

    def save_as_draft(self, request, object_id, view, again=True):
        """Show or save the entry with its draft written over it, then undo that: only the draft is kept.

        The version django-reversion records is undone with the rest: a draft
        is not history until it is published.
        """
        state = request.directory_entry_state
        saving = request.method == "POST"
        with transaction.atomic():
            state.read()  # what visitors see and the draft, before the draft is written over the entry
            capture = request.directory_draft = drafts.Capture(self, request, object_id) if saving else None
            try:
                with transaction.atomic():
                    if state.draft is not None and state.live is not None:
                        self.open_draft_in_database(request, state)
                    elif state.draft is not None and not saving:  # a new entry's draft, into the empty form
                        self.open_new_draft(request, state.draft)
                    response = view()
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()  # while the draft is in the database
                    raise _UndoEditorSave
            except _UndoEditorSave:
                pass
            if not saving or capture.data is None:  # shown, or not saved (the form had errors)
                return response
            try:
                draft = drafts.save_draft(capture, request.user, state)
            except drafts.LostRace:
                draft = None
        if draft is None:  # another save reached the draft first: the form comes back, refused, as typed
            if again:
                request.directory_entry_state = drafts.EntryState(
                    self.model, object_id, capture.relations, new_draft_id=state.new_draft_id
                )
                return self.save_as_draft(request, object_id, view, again=False)
            messages.error(request, "Not saved: someone saved this entry's draft at the same moment. Try again.")
            return redirect(request.path)
        messages.success(request, "Saved as a draft. Visitors see no change until a publisher publishes it.")
        return redirect("admin:directory_directorydraft_change", draft.pk)

    @staticmethod
    def open_draft_in_database(request, state):
        """The draft in the form; if it no longer fits (it now clashes with another entry), what visitors see."""
        try:
            with transaction.atomic():
                request.directory_draft_rows = drafts.open_in_database(state.draft, state.live)
        except IntegrityError:
            messages.error(
                request,
                "The draft could not be shown in this form: something it sets (such as its web address, or a"
                " service in its list) is now used by another entry. The form shows what visitors see; the"
                " draft’s page shows what the draft changes.",
            )

    @staticmethod
    def open_new_draft(request, draft):
        """The draft of a new entry as the add form's starting values (there is no entry to write it over)."""
        request.directory_new_draft_initial = draft.data["object"]["fields"]
        request.directory_draft_rows = {
            apps.get_model(relation["model"]): [item["fields"] for item in relation["objects"]]
            for relation in draft.data["related"]
        }

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {**initial, **getattr(request, "directory_new_draft_initial", {})}

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        if getattr(request, "directory_draft", None) is not None and level in (messages.SUCCESS, "success"):
            return  # the admin's "changed successfully" for a save that is undone: save_as_draft says what happened
        super().message_user(request, message, level, extra_tags, fail_silently)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        capture = getattr(request, "directory_draft", None)
        if capture is not None:
            capture.read(form.instance)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        reverting = getattr(request, "directory_revert_state", None)
        if reverting is not None:
            return type(form.__name__, (request.directory_revert_check, form), {"entry_state": reverting})
        state = getattr(request, "directory_entry_state", None)
        if state is None:
            return form
        return type(form.__name__, (EntryStateCheck, form), {"entry_state": state})

    def get_formsets_with_inlines(self, request, obj=None):
        """With a form for each row the draft adds (they are not in the database), filled in by get_formset_kwargs."""
        added = getattr(request, "directory_draft_rows", {}) if request.method != "POST" else {}
        for inline in self.get_inline_instances(request, obj):
            if added.get(inline.model):
                extra = len(added[inline.model]) + inline.get_extra(request, obj)
                yield inline.get_formset(request, obj, extra=extra), inline
            else:
                yield inline.get_formset(request, obj), inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "POST":
            self.forget_rows_gone(kwargs["data"], inline, prefix, obj)
        elif getattr(request, "directory_draft_rows", {}).get(inline.model):
            kwargs["initial"] = request.directory_draft_rows[inline.model]
        return kwargs

    def forget_rows_gone(self, data, inline, prefix, obj):
        """A row deleted since the form was opened comes back as a new row, with what was typed in it."""
        row_id = re.compile(rf"{re.escape(prefix)}-\d+-{re.escape(inline.model._meta.pk.name)}")
        posted = {key: data[key] for key in data if row_id.fullmatch(key) and data[key]}
        if not posted:
            return
        fk = drafts.foreign_key_to(inline.model, self.model)
        present = set()
        if obj is not None and obj.pk is not None:
            wanted = [value for value in posted.values() if value.isdigit()]
            rows = inline.model.objects.filter(**{fk: obj.pk}, pk__in=wanted)
            present = {str(pk) for pk in rows.values_list("pk", flat=True)}
        for key, value in posted.items():
            if value not in present:
                data[key] = ""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        state = getattr(request, "directory_entry_state", None)
        if state is not None:
            context.update(self.entry_form_context(request, state))
        reverting = getattr(request, "directory_revert_state", None)
        if reverting is not None:
            context.update({"entry_state_field": STATE_FIELD, "entry_state_token": reverting.token})
        return super().render_change_form(request, context, add, change, form_url, obj)

    def entry_form_context(self, request, state):
        draft = state.draft
        context = {
            "entry_state_field": STATE_FIELD,
            "entry_state_token": state.token,
            "entry_kind": self.model._meta.verbose_name,
            "entry_saves_live": drafts.can_publish(request.user),
            "entry_draft": draft,
        }
        if draft is not None:
            since = drafts.versions_since(draft)
            context |= {
                "entry_draft_url": reverse("admin:directory_directorydraft_change", args=[draft.pk]),
                "entry_draft_out_of_date": drafts.is_out_of_date(draft, state.live),
                "entry_changed_for_visitors": since[0].revision if since else None,
            }
        return context

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {"can_restore": drafts.can_publish(request.user), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        publisher = drafts.can_publish(request.user)
        new_drafts = [
            (draft, reverse("admin:directory_directorydraft_change", args=[draft.pk]), self.reopen_url(draft))
            for draft in drafts.new_entry_drafts(self.model)
        ]
        extra_context = {"can_restore": publisher, "new_entry_drafts": new_drafts, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not drafts.can_publish(request.user):
            changelist.list_editable = ()  # a change from the list would be live
        return changelist

    def watch_before_restoring(self, request, object_id, check):
        """Read what visitors see of the entry before a revert or recover: its form (``check``) refuses a change."""
        state = drafts.EntryState(self.model, object_id, drafts.inline_relations(self, request), watch_draft=False)
        state.read()
        request.directory_revert_state, request.directory_revert_check = state, check

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Revert, refused if what visitors see changed after the page was opened."""
        self.require_publisher(request)
        if str(object_id).isdigit():
            self.watch_before_restoring(request, object_id, RevertStateCheck)
            extra_context = {"entry_now": drafts.latest_version(self.model, object_id), **(extra_context or {})}
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a deleted entry, refused if someone recovered it after the page was opened."""
        self.require_publisher(request)
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)  # of this kind of entry
        if str(version.object_id).isdigit():
            self.watch_before_restoring(request, version.object_id, RecoverStateCheck)
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self.require_publisher(request)
        return super().recoverlist_view(request, extra_context)

    @staticmethod
    def require_publisher(request):
        if not drafts.can_publish(request.user):
            raise PermissionDenied("Only publishers restore earlier versions.")


class ContactMethodInline(admin.StackedInline):
    """A service's contact methods, each with its opening hours (hours.py): one box per method."""

    model = ContactMethod
    form = hours.OpeningHoursForm
    extra = 1
    fieldsets = [
        (None, {"fields": ["kind", "label", "value", "position"]}),
        (
            "Opening hours, in UK time",
            {
                "description": "Give the time it opens and closes on each day it is open; leave a day empty if"
                " it is closed. For midnight, use 00:00 (12:00 AM): 00:00 to 00:00 is the whole day. If no hours"
                " are given, the site says nothing about them.",
                "fields": [*hours.OpeningHoursForm.FIELDS, "hours_notes"],
            },
        ),
    ]


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
    list_display = ["name", "check_status", "last_checked", "for_emergencies"]
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

    @admin.display(description="For emergencies", ordering="is_emergency")
    def for_emergencies(self, service):
        return yes_or_no(service.is_emergency)

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
    list_display = ["title", "emergency", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SituationServiceInline]
    search_fields = ["title"]

    @admin.display(description="Emergency", ordering="is_emergency")
    def emergency(self, situation):
        return yes_or_no(situation.is_emergency)


@admin.register(DirectoryDraft)
class DirectoryDraftAdmin(admin.ModelAdmin):
    """Drafts waiting for a publisher: each one's page compares it with what visitors see, to publish or discard."""

    list_display = ["__str__", "created_by", "created_at", "updated_by", "updated_at"]
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
        may_discard = may_publish or request.user.pk in (draft.created_by_id, draft.updated_by_id)
        if request.method == "POST":
            return self.act(request, draft, request.POST.get("action"), may_publish, may_discard)
        from safeguarding_site.editors.review import review_status  # editors builds on the directory

        return TemplateResponse(
            request,
            "admin/directory/directorydraft/draft.html",
            {
                **self.admin_site.each_context(request),
                **self.comparisons(draft),
                "opts": self.model._meta,
                "title": str(draft),
                "draft": draft,
                "seen": drafts.draft_digest(draft),
                "may_publish": may_publish,
                "may_discard": may_discard,
                # A new entry's draft is in no list of entries: Editors carry on with it from here.
                "reopen_url": (
                    DraftsForEditorsAdmin.reopen_url(draft) if draft.object_id is None and not may_publish else None
                ),
                **review_status(directory_draft=draft),
            },
        )

    @staticmethod
    def comparisons(draft):
        """What the draft's page compares: with what visitors see now, and, once that has changed, with its start."""
        model = drafts.entry_model(draft)
        live = drafts.live_snapshot(draft)
        out_of_date = drafts.is_out_of_date(draft, live)
        context = {
            "entry_kind": model._meta.verbose_name,
            "entry_deleted": draft.object_id is not None and live is None,
            "entry_url": (
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[draft.object_id])
                if live is not None
                else None
            ),
            "out_of_date": out_of_date,
        }
        if out_of_date and draft.base is not None:
            context["since"] = drafts.compare(model, draft.base, live)
            context["ours"] = drafts.compare(model, draft.base, draft.data)
            context["changed_for_visitors"] = [version.revision for version in drafts.versions_since(draft)]
        elif draft.object_id is None or live is not None:
            context["diff"] = drafts.compare(model, live, draft.data)
        return context

    def act(self, request, draft, action, may_publish, may_discard):
        if action not in ("publish", "discard") or not (may_publish if action == "publish" else may_discard):
            raise PermissionDenied
        here = redirect("admin:directory_directorydraft_change", draft.pk)
        if request.POST.get("seen") != drafts.draft_digest(draft):
            messages.error(
                request,
                f"Not {action}ed: {drafts.who(draft.updated_by)} saved this draft again"
                f" ({drafts.when(draft.updated_at)}) after you opened its page. Check what it changes now.",
            )
            return here
        author = drafts.who(draft.created_by, "a former editor")
        if action == "publish":
            from safeguarding_site.editors import checks
            from safeguarding_site.editors.review import close_waiting

            report = checks.draft_report(draft)
            stale = drafts.is_out_of_date(draft, drafts.live_snapshot(draft))  # refused below without asking
            if not stale and (asked := checks.confirmation(request, report, str(draft), request.path)):
                return asked  # the content checks found something: "Publish anyway" posts this again
            try:
                with transaction.atomic():
                    close_waiting(request.user, directory_draft=draft)  # before the draft is gone
                    entry = drafts.publish(draft, request.user, seen=request.POST["seen"])
                    checks.record(request.user, report, str(draft), entry=entry)
            except drafts.DraftError as error:
                messages.error(request, f"Not published: {error}")
                return here
            except drafts.LostRace:
                messages.error(request, "Not published: the draft changed as you pressed the button. Check it again.")
                return here
            self.log_change(request, entry, f"Published a draft by {author}.")
            messages.success(request, f"Published: visitors now see “{entry}” as in the draft.")
            return redirect("admin:directory_directorydraft_changelist")
        entry = drafts.live_entry(draft)
        if not DirectoryDraft.objects.filter(pk=draft.pk, updated_at=draft.updated_at).delete()[0]:
            messages.error(request, "Not discarded: the draft changed as you pressed the button. Check it again.")
            return here
        if entry is not None:
            self.log_change(request, entry, f"Discarded a draft by {author}.")
        messages.success(request, f"Discarded the draft “{draft.title}”. Visitors see no change.")
        return redirect("admin:directory_directorydraft_changelist")
