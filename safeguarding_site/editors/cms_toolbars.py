from cms.cms_toolbars import ADMIN_MENU_IDENTIFIER
from cms.extensions.toolbar import ExtensionToolbar
from cms.models import PageContent
from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool
from cms.utils.page_permissions import user_can_change_page
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from .models import PublicationSchedule, ReviewDates
from .schedule import waiting


@toolbar_pool.register
class ReviewDatesToolbar(ExtensionToolbar):
    """ "Review dates" in the Page menu, and the editors' dashboard in the site menu."""

    model = ReviewDates

    def populate(self):
        user = self.request.user
        if user.has_perm("editors.view_reviewdates"):
            admin_menu = self.toolbar.get_or_create_menu(ADMIN_MENU_IDENTIFIER)
            admin_menu.add_sideframe_item("Editors’ dashboard", url=reverse("editors-dashboard"), position=0)
        page_menu = self._setup_extension_toolbar()
        if page_menu and user.has_perm("editors.change_reviewdates"):
            _extension, url = self.get_page_extension_admin()
            if url:
                page_menu.add_modal_item("Review dates…", url=url)


@toolbar_pool.register
class PublicationScheduleToolbar(CMSToolbar):
    """On a page whose draft is scheduled (or which is to be withdrawn): "Scheduled to publish on …", beside Publish.

    Shown to everyone who may edit the page; a Publisher's opens the schedule.
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
            cancelled_at__isnull=True,
        ).select_related("version")
        can_change = user.has_perm("editors.change_publicationschedule")
        buttons = None
        for schedule in schedules:
            for note in waiting(schedule):
                if buttons is None:
                    buttons = self.toolbar.add_button_list(side=self.toolbar.RIGHT)
                if can_change:
                    url = reverse("admin:editors_publicationschedule_change", args=[schedule.pk])
                    buttons.add_sideframe_button(note, url=url, extra_classes=["editors-schedule"])
                else:
                    buttons.add_button(note, url="#", disabled=True, extra_classes=["editors-schedule"])
