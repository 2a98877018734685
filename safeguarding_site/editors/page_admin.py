"""django CMS's page admin, with the rules for changes that reach visitors at once.

Moving a page and choosing the home page are live the moment they happen, so
they are a Publisher's alone (django CMS's "can move" page permission,
roles.PAGE_PERMISSIONS), must be confirmed (the page tree's script asks, and
the server refuses a request that does not say it was confirmed), and are
recorded in the page's history: who, when, and from where to where.

A page that has ever been published cannot be deleted: unpublishing withdraws
it and keeps its versions, so nothing can be lost for good. Only a page that
never reached visitors (a draft someone started) can be deleted.
"""

from cms.admin.pageadmin import PageAdmin
from cms.models import Page, PageContent
from cms.utils.admin import jsonify_request
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.template.response import TemplateResponse
from djangocms_versioning.constants import PUBLISHED, UNPUBLISHED
from djangocms_versioning.models import Version

from safeguarding_site.editors.page_content_words import without_language
from safeguarding_site.pages.cache import content_changed

# Sent by static/js/admin-page-tree.js once the person has said yes.
CONFIRMED_HEADER = "X-Confirmed-Change"
NOT_CONFIRMED = "Nothing changed: this change must be confirmed first. Reload the page and try again."


def confirmed(request):
    return request.headers.get(CONFIRMED_HEADER) == "yes"


def page_title(page):
    if page is None:
        return "the top level"
    content = PageContent.admin_manager.filter(page=page).order_by("pk").first()
    return f"“{content.title}”" if content else f"page {page.pk}"


def place_of(page):
    """Where a page sits, in editors' words: under which page, at which position, at which address."""
    page = Page.objects.get(pk=page.pk)  # the tree as it is now, not as this instance remembers it
    siblings = list(page.get_siblings().values_list("pk", flat=True))
    position = siblings.index(page.pk) + 1 if page.pk in siblings else 1
    return {
        "parent": page_title(page.parent),
        "position": position,
        "address": page.get_absolute_url() or "(no address)",
        "key": (page.parent_id, position),
    }


def named_by_title(deleted_objects):
    """The delete screen's nested list of what goes, each page's content named by its title alone."""
    if isinstance(deleted_objects, list):
        return [named_by_title(item) for item in deleted_objects]
    return without_language(deleted_objects)


def ever_published(pages):
    """Whether any version of these pages' contents has been published (now or before)."""
    contents = PageContent.admin_manager.filter(page__in=pages).values("pk")
    return Version.objects.filter(
        content_type=ContentType.objects.get_for_model(PageContent),
        object_id__in=contents,
        state__in=[PUBLISHED, UNPUBLISHED],
    ).exists()


def with_descendants(page):
    return [page, *page.get_descendants()]


class PublisherRulesPageAdmin(PageAdmin):
    @transaction.atomic
    def move_page(self, request, page_id, extra_context=None):
        page = self.get_object(request, object_id=page_id)
        if page is None or request.method != "POST":
            return super().move_page(request, page_id, extra_context)
        if not self.has_move_page_permission(request, obj=page):
            return jsonify_request(HttpResponseForbidden("Only a Publisher can move pages: ask one to do it."))
        if not confirmed(request):
            return jsonify_request(HttpResponseBadRequest(NOT_CONFIRMED))
        before = place_of(page)
        response = super().move_page(request, page_id, extra_context)
        after = place_of(page)
        if after["key"] != before["key"] or after["address"] != before["address"]:
            self.log_change(
                request,
                page,
                f"Moved {page_title(page)} from under {before['parent']} (position {before['position']},"
                f" address {before['address']}) to under {after['parent']} (position {after['position']},"
                f" address {after['address']}).",
            )
            content_changed()
        return response

    def may_set_home(self, request, page, old_home):
        """Both pages change address: the move permission on each (a Publisher's)."""
        return all(
            self.has_move_page_permission(request, obj=affected)
            for affected in (page, old_home)
            if affected is not None
        )

    def actions_menu(self, request, object_id, extra_context=None):
        # The page tree's menu offers "Set as home" to whoever may change the page (its
        # template's has_change_permission, used for nothing else): only to a Publisher.
        page = self.get_object(request, object_id=object_id) if str(object_id).isdigit() else None
        if page is not None:
            old_home = Page.objects.filter(is_home=True, site=page.site_id).first()
            extra_context = {
                **(extra_context or {}),
                "has_change_permission": self.may_set_home(request, page, old_home),
            }
        return super().actions_menu(request, object_id, extra_context)

    def set_home(self, request, object_id):
        page = self.get_object(request, object_id=object_id) if str(object_id).isdigit() else None
        if page is not None and request.method == "POST":
            old_home = Page.objects.filter(is_home=True, site=page.site_id).first()
            if not self.may_set_home(request, page, old_home):
                raise PermissionDenied("Only a Publisher can choose the home page.")
            if not confirmed(request):
                return HttpResponseBadRequest(NOT_CONFIRMED)
            with transaction.atomic():
                old_address = page.get_absolute_url()
                response = super().set_home(request, object_id)
                if response.status_code == 200:
                    message = f"Made {page_title(page)} the home page (its address was {old_address})"
                    if old_home is not None:
                        message += f", in place of {page_title(old_home)}"
                    self.log_change(request, page, message + ".")
                    if old_home is not None:
                        self.log_change(request, old_home, f"No longer the home page: {page_title(page)} is.")
                    content_changed()  # set_as_homepage updates the tree without saving each page
            return response
        return super().set_home(request, object_id)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return named_by_title(deleted), model_count, perms_needed, protected

    def has_delete_permission(self, request, obj=None):
        if obj is not None and ever_published(with_descendants(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        page = self.get_object(request, object_id=object_id) if str(object_id).isdigit() else None
        if page is not None and ever_published(with_descendants(page)):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "This page cannot be deleted",
                "page_title": page_title(page),
            }
            return TemplateResponse(request, "admin/cms/page/cannot_delete.html", context, status=403)
        return super().delete_view(request, object_id, extra_context)


admin.site.unregister(Page)
admin.site.register(Page, PublisherRulesPageAdmin)
