"""The published page tree (and the 999 line) every page's frame shows, read once per request.

The header's navigation, the breadcrumbs, the guide's contents and previous/next
links, the links to keyed pages ("What should I do?") and the footer's review
dates all need some of the tree. Here, through the ORM: the published contents
of the site's pages in one language, with their pages and review dates
(``select_related``), their URL (a ``FilteredRelation``: a page may have none
yet), their "content" placeholder (another, joined with ``select_related``: the
guide's text is drawn from it without a query of its own) and the 999 line's
wording and hours (subqueries the database reads once), in one query kept on
the request.

Published only: django CMS with versioning hides draft contents from
``PageContent.objects``, so an editor's unpublished title never reaches a
visitor's navigation, and a page whose content is unpublished is not in the
tree at all. Menu visibility uses django CMS's own constants.
"""

from dataclasses import dataclass, field

from cms.constants import VISIBILITY_ANONYMOUS, VISIBILITY_USERS
from cms.models import Page, PageContent
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, FilteredRelation, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from .models import EmergencyLine


@dataclass
class TreePage:
    """One published page: its content and Page (with review dates), its URL and its published children."""

    content: PageContent
    url: str | None
    children: list = field(default_factory=list)

    def __post_init__(self):
        page = self.content.page
        self.page = page
        self.pk, self.parent_id, self.path = page.pk, page.parent_id, page.path
        self.is_home, self.reverse_id = page.is_home, page.reverse_id
        self.content_pk, self.title = self.content.pk, self.content.title
        # Not set when the content has no such placeholder yet.
        self.placeholder = getattr(self.content, "content_placeholder", None)
        try:
            self.review = page.reviewdates
        except ObjectDoesNotExist:
            self.review = None

    @property
    def menu_title(self):
        return self.content.menu_title or self.title

    def visible_in_menu(self, signed_in):
        limit = self.content.limit_visibility_in_menu
        return (
            self.content.in_navigation
            and self.url is not None
            and not (limit == VISIBILITY_USERS and not signed_in)
            and not (limit == VISIBILITY_ANONYMOUS and signed_in)
        )


def page_url(language, is_home, url_path):
    """What Page.get_absolute_url gives, from the page's URL path (None: not reachable)."""
    try:
        with override(language):
            if is_home:
                return reverse("pages-root")
            return reverse("pages-details-by-slug", kwargs={"slug": url_path}) if url_path else None
    except NoReverseMatch:
        return None


def tree_contents(language, site_id):
    return (
        PageContent.objects.filter(language=language, page__site_id=site_id)
        .alias(
            url=FilteredRelation("page__urls", condition=Q(page__urls__language=language)),
            content_placeholder=FilteredRelation("placeholders", condition=Q(placeholders__slot="content")),
        )
        .select_related("page", "page__reviewdates", "content_placeholder")
        .annotate(url_path=F("url__path"), **EmergencyLine.frame_columns())
        .order_by("page__path")
    )


class SiteTree:
    """The published pages of one site and language, in the editors' tree order."""

    def __init__(self, language, site_id=None):
        self.language = language
        contents = list(tree_contents(language, site_id or settings.SITE_ID))
        # The 999 line as it is now: None when there is no row to carry it (no published page).
        self.emergency_line = None
        if contents:
            first = contents[0]
            self.emergency_line = EmergencyLine.from_frame(
                [getattr(first, name) for name in EmergencyLine.frame_columns()]
            )
        self.pages = {
            content.page_id: TreePage(content, page_url(language, content.page.is_home, content.url_path))
            for content in contents
        }
        self.roots = []
        for node in self.pages.values():  # tree order: a parent comes before its children
            parent = self.pages.get(node.parent_id)
            if node.parent_id is None:
                self.roots.append(node)
            elif parent is not None:
                parent.children.append(node)
        self.by_key = {node.reverse_id: node for node in self.pages.values() if node.reverse_id}
        self.home = next((node for node in self.roots if node.is_home), None)

    def lend(self, page):
        """Give ``page`` its parent Page and its published content from the tree, so django CMS need not read them.

        The content goes where django CMS's own view puts it (``page_content_cache``,
        cms/page_rendering.py); its view reloads it, an app's view (the directory) does not.
        """
        if not isinstance(page, Page):
            return
        node = self.pages.get(page.pk)
        if node is not None and self.language not in page.page_content_cache:
            page.page_content_cache[self.language] = node.content
        if page.parent_id is None or Page.parent.is_cached(page):
            return
        parent = self.pages.get(page.parent_id)
        if parent is not None:
            page.parent = parent.page

    def get(self, page):
        return self.pages.get(getattr(page, "pk", page))

    def ancestors(self, page):
        """The published ancestors of ``page``, top first; an unpublished one is left out, not the rest."""
        path = page.path
        return [node for node in self.pages.values() if len(node.path) < len(path) and path.startswith(node.path)]


def site_tree(request, language):
    """The request's SiteTree for ``language``, read at most once per request."""
    if request is None:
        return SiteTree(language)
    trees = request.__dict__.setdefault("site_trees", {})
    if language not in trees:
        trees[language] = SiteTree(language)
        # The page django CMS is rendering (for an app's view, the lazy page its permission check read).
        trees[language].lend(request.__dict__.get("current_page"))
    return trees[language]
