"""The published page tree (and the 999 line), read once per request in one query.

Every page's frame needs some of the tree: the header's navigation, the
breadcrumbs, the guide's contents and previous/next links, the links to keyed
pages ("What should I do?"), the review dates in the footer. Read one by one
(django CMS's menu system, ancestor lookups, per-page URL lookups) that was
about twenty queries a page. Here: the published contents of the site's pages
in one language, with their pages, review dates and URLs, and the 999 line, in
one query (a prepared one: prepared.py), kept on the request.

Published only: django CMS with versioning hides draft contents from
``PageContent.objects``, so an editor's unpublished title never reaches a
visitor's navigation, and a page whose content is unpublished is not in the
tree at all.
"""

import datetime
from dataclasses import dataclass, field

from cms.models import Page, PageContent
from django.conf import settings
from django.db import router
from django.db.models import FilteredRelation, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from .models import EmergencyLine
from .prepared import PreparedQuery

LIMIT_TO_SIGNED_IN = 1  # PageContent.limit_visibility_in_menu: "for logged in users only"
LIMIT_TO_ANONYMOUS = 2  # "for anonymous users only"


@dataclass(frozen=True)
class Review:
    """A page's review dates (editors.ReviewDates), as the footer shows them."""

    last_reviewed: datetime.date
    next_review_due: datetime.date


@dataclass
class TreePage:
    """One published page: what the frame shows of it, read as plain values (no model instances)."""

    pk: int
    parent_id: int | None
    path: str  # the page's place in the tree (treebeard), not its URL
    is_home: bool
    reverse_id: str | None
    content_pk: int
    title: str
    menu_title_text: str
    in_navigation: bool
    limit_visibility_in_menu: int | None
    review: Review | None
    url: str | None
    children: list = field(default_factory=list)

    @property
    def menu_title(self):
        return self.menu_title_text or self.title

    def visible_in_menu(self, signed_in):
        limit = self.limit_visibility_in_menu
        return (
            self.in_navigation
            and self.url is not None
            and not (limit == LIMIT_TO_SIGNED_IN and not signed_in)
            and not (limit == LIMIT_TO_ANONYMOUS and signed_in)
        )


COLUMNS = [
    "pk", "title", "menu_title", "in_navigation", "limit_visibility_in_menu",
    "page_id", "page__parent_id", "page__path", "page__is_home", "page__reverse_id",
    "page__reviewdates__last_reviewed", "page__reviewdates__next_review_due", "url__path",
]  # fmt: skip


def tree_query(language, site_id):
    # Plain values: building model instances (content, page, review dates: about
    # 45 columns a row) was most of the tree's cost, and the frame reads a dozen.
    # The URL is joined in (a page may have none yet: a left join). The 999 line,
    # also in every page's frame, comes along on each row (with the NSPCC line's
    # opening hours: subqueries the database reads once).
    line = EmergencyLine.frame_columns()
    return (
        PageContent.objects.filter(language=language, page__site_id=site_id)
        .alias(url=FilteredRelation("page__urls", condition=Q(page__urls__language=language)))
        .annotate(**line)
        .order_by("page__path")
        .values_list(*COLUMNS, *line)
    )


TREE_QUERY = PreparedQuery(PageContent, tree_query)
PARENT_FIELDS = ["id", "site_id", "parent_id", "path", "is_home", "reverse_id"]


def page_url(language, is_home, url_path):
    """What Page.get_absolute_url gives, from the page's URL path (None: not reachable)."""
    try:
        with override(language):
            if is_home:
                return reverse("pages-root")
            return reverse("pages-details-by-slug", kwargs={"slug": url_path}) if url_path else None
    except NoReverseMatch:
        return None


class SiteTree:
    """The published pages of one site and language, in the editors' tree order."""

    def __init__(self, language, site_id=None):
        self.language = language
        rows = TREE_QUERY.rows(language, site_id or settings.SITE_ID)
        self.pages = {}
        # The 999 line as it is now: None when there are no rows to carry it (no
        # published page), the defaults when its row is missing.
        self.emergency_line = None
        if rows:
            self.emergency_line = EmergencyLine.from_frame(rows[0][len(COLUMNS) :])
        for row in rows:
            (content_pk, title, menu_title, in_nav, limit, pk, parent_id, path, is_home, reverse_id,
             last_reviewed, next_review_due, url_path) = row[: len(COLUMNS)]  # fmt: skip
            self.pages[pk] = TreePage(
                pk=pk,
                parent_id=parent_id,
                path=path,
                is_home=is_home,
                reverse_id=reverse_id,
                content_pk=content_pk,
                title=title,
                menu_title_text=menu_title,
                in_navigation=in_nav,
                limit_visibility_in_menu=limit,
                review=Review(last_reviewed, next_review_due) if last_reviewed is not None else None,
                url=page_url(language, is_home, url_path),
            )
        self.roots = []
        for node in self.pages.values():  # tree order: a parent comes before its children
            parent = self.pages.get(node.parent_id)
            if node.parent_id is None:
                self.roots.append(node)
            elif parent is not None:
                parent.children.append(node)
        self.by_key = {node.reverse_id: node for node in self.pages.values() if node.reverse_id}
        self.home = next((node for node in self.roots if node.is_home), None)

    def lend_parent(self, page):
        """Give ``page`` its parent from the tree, so django CMS need not read it.

        django CMS reads a page's parent as it renders the page's first
        placeholder, only to look there for placeholders to inherit (this
        site's templates declare none). The tree has the parent's main values;
        any other field of it is read from the database if ever used. A parent
        not in the tree (unpublished) is left for django CMS to read.
        """
        if not isinstance(page, Page) or page.parent_id is None or Page.parent.is_cached(page):
            return
        parent = self.pages.get(page.parent_id)
        if parent is not None:
            values = (parent.pk, page.site_id, parent.parent_id, parent.path, parent.is_home, parent.reverse_id)
            page.parent = Page.from_db(router.db_for_read(Page), PARENT_FIELDS, values)

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
    trees = request.__dict__.setdefault("_site_trees", {})
    if language not in trees:
        trees[language] = SiteTree(language)
        # The page django CMS's view is rendering (not its lazy stand-in for other views).
        trees[language].lend_parent(request.__dict__.get("current_page"))
    return trees[language]
