from cms.cms_toolbars import ADMIN_MENU_IDENTIFIER
from cms.extensions.toolbar import ExtensionToolbar
from cms.toolbar_pool import toolbar_pool
from django.urls import reverse

from . import review_toolbar  # noqa: F401 - registers the review toolbar
from .models import ReviewDates


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
