from cms.cms_toolbars import ADMIN_MENU_IDENTIFIER
from cms.extensions.toolbar import ExtensionToolbar
from cms.models import Page, PageContent
from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool
from cms.utils.page_permissions import user_can_change_page
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from djangocms_versioning.cms_toolbars import VERSIONING_MENU_IDENTIFIER
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.helpers import version_list_url

from . import review_toolbar  # noqa: F401 - registers the review toolbar
from .models import PublicationSchedule, ReviewDates
from .schedule import uk_time, waiting


@toolbar_pool.register
class ReviewDatesToolbar(ExtensionToolbar):
    """ "Review dates" in the Page menu, and the editors' dashboard in the site menu."""

    model = ReviewDates

    def populate(self):
        user = self.request.user
        if user.has_perm("editors.view_reviewdates"):
            admin_menu = self.toolbar.get_or_create_menu(ADMIN_MENU_IDENTIFIER)
            admin_menu.add_sideframe_item("Editors’ dashboard", url=reverse("editors-dashboard"), position=0)
        page_menu = self.page_menu()
        if page_menu and user.has_perm("editors.change_reviewdates"):
            _extension, url = self.get_page_extension_admin()
            if url:
                # django CMS adds "..." to every item that opens a dialog.
                page_menu.add_modal_item("Review dates", url=url)
        if page_menu and self.page is not None and user.has_perm("links.check_links"):
            url = f"{reverse('admin:links_check_page')}?page={self.page.pk}"
            page_menu.add_sideframe_item("Check this page’s links", url=url)

    def page_menu(self):
        """The toolbar's Page menu when there is a page the user may change, else None (from public parts)."""
        content = self.toolbar.get_object()
        if isinstance(content, PageContent):
            self.page, self.page_content = content.page, content
        else:
            page = getattr(self.request, "current_page", None)
            self.page = page if isinstance(page, Page) else None
        if self.page is not None and user_can_change_page(self.request.user, page=self.page):
            return self.toolbar.get_or_create_menu("page")
        return None


@toolbar_pool.register
class PublicationScheduleToolbar(CMSToolbar):
    """What is scheduled for this page, for everyone who may edit it.

    On the right, beside Publish: "Scheduled to publish on …", or, while the draft waits
    for a Publisher again, "Schedule cancelled…" (the version menu then says why, by
    whom and when). It opens the schedule for a Publisher, the page's versions for an
    Editor. The toolbar is drawn again after every edit, so the person whose change
    cancelled a schedule sees it at once.
    """

    def post_template_populate(self):
        page = getattr(self.request, "current_page", None)  # a lazy object: false when there is no page
        user = self.request.user
        if not page or not user.is_staff or not user_can_change_page(user, page, site=self.current_site):
            return
        contents = PageContent.admin_manager.filter(page=page, language=self.current_lang)
        schedules = PublicationSchedule.objects.filter(
            version__content_type=ContentType.objects.get_for_model(PageContent),
            version__object_id__in=contents.values("pk"),
        ).select_related("version", "cancelled_by")
        notes = [(schedule, note) for schedule in schedules for note in waiting(schedule)]
        for schedule, note in notes:
            if user.has_perm("editors.change_publicationschedule"):
                self.add_note(note, reverse("admin:editors_publicationschedule_change", args=[schedule.pk]))
            else:
                self.add_note(note, version_list_url(schedule.version.content))
        cancelled = [schedule for schedule in schedules if cancelled_draft_schedule(schedule)]
        if cancelled and not notes:
            last = max(cancelled, key=lambda schedule: schedule.cancelled_at)
            if user.has_perm("editors.add_publicationschedule"):
                self.add_note(
                    CANCELLED_NOTE, reverse("admin:editors_publicationschedule_add") + f"?version={last.version_id}"
                )
            else:
                self.add_note(CANCELLED_NOTE, version_list_url(last.version.content))
            self.explain_in_version_menu(last)

    def add_note(self, text, url):
        """A button that opens, in the side panel, the schedule (Publishers) or the page's versions (Editors)."""
        buttons = self.toolbar.add_button_list(side=self.toolbar.RIGHT)
        buttons.add_sideframe_button(text, url=url, extra_classes=["editors-schedule"])

    def explain_in_version_menu(self, schedule):
        menu = self.toolbar.get_menu(VERSIONING_MENU_IDENTIFIER)
        if menu is None:
            return
        when = uk_time(schedule.cancelled_at)
        if schedule.cancelled_by:
            who = schedule.cancelled_by.get_username()
            why = f"Cancelled on {when}: {who} changed the draft after it was scheduled."
        else:
            why = f"{schedule.outcome} ({when})"
        menu.add_break()
        versions = version_list_url(schedule.version.content)  # its Schedule column says the same
        for line in (f"This draft was to publish on {uk_time(schedule.publish_at)} (UK time).", why):
            menu.add_sideframe_item(line, url=versions, extra_classes=["editors-schedule-cancelled"])


CANCELLED_NOTE = "Schedule cancelled: a Publisher must schedule or publish it again"


def cancelled_draft_schedule(schedule):
    """A schedule to publish that was cancelled, for a version that is still a draft."""
    return bool(schedule.cancelled_at and schedule.publish_at and schedule.version.state == DRAFT)
