"""The page toolbar's part of the review workflow (review.py): submit a draft, see where it stands."""

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
    """On a page's draft: "Check this draft"; "Submit for review", or that it waits, or a Publisher's comment."""

    def populate(self):
        content = self.toolbar.get_object()
        if not isinstance(content, PageContent) or not self.request.user.is_staff:
            return
        version = Version.objects.filter_by_content_grouping_values(content).filter(state=DRAFT).first()
        if version is None or not content.page.has_change_permission(self.request.user):
            return
        checks = ButtonList(side=RIGHT)
        checks.add_sideframe_button("Check this draft", url=reverse("editors-checks-version", args=[version.pk]))
        checks.add_button("Phone size", url=reverse("editors-phone-preview", args=[version.pk]), extra_classes=[])
        self.toolbar.add_item(checks)
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
