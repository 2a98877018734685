"""The page toolbar's part of the review workflow (review.py): submit a draft, see where it stands."""

from cms.cms_toolbars import PAGE_MENU_IDENTIFIER
from cms.models import PageContent
from cms.toolbar.items import RIGHT, ButtonList, TemplateItem
from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool
from django.urls import reverse
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version

from . import review
from .models import ReviewRequest


@toolbar_pool.register
class ReviewToolbar(CMSToolbar):
    """On a page's draft: "Submit for review", or that it waits, or a Publisher's comment; its checks."""

    draft = None

    def populate(self):
        content = self.toolbar.get_object()
        if not isinstance(content, PageContent) or not self.request.user.is_staff:
            return
        version = Version.objects.filter_by_content_grouping_values(content).filter(state=DRAFT).first()
        if version is None or not content.page.has_change_permission(self.request.user):
            return
        self.draft = version
        latest = review.latest_for_version(version)
        if latest is not None and latest.status in (ReviewRequest.WAITING, ReviewRequest.SENT_BACK):
            self.toolbar.add_item(
                TemplateItem(
                    template="editors/toolbar_review_status.html", extra_context={"review": latest}, side=RIGHT
                ),
                position=0,
            )
        if latest is None or latest.status != ReviewRequest.WAITING:
            buttons = ButtonList(side=RIGHT)
            buttons.add_button(
                "Submit for review", url=reverse("editors-submit-page-version", args=[version.pk]), extra_classes=[]
            )
            self.toolbar.add_item(buttons)

    def post_template_populate(self):
        """The draft's checks and phone-size preview, in the Page menu: more buttons would crowd the toolbar out."""
        menu = self.toolbar.get_menu(PAGE_MENU_IDENTIFIER) if self.draft is not None else None
        if menu is None:
            return
        menu.add_break()
        menu.add_sideframe_item("Check this draft", url=reverse("editors-checks-version", args=[self.draft.pk]))
        menu.add_link_item("Preview at phone size", url=reverse("editors-phone-preview", args=[self.draft.pk]))
