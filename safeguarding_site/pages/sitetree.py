"""The published page tree, read once per request in two queries.

Every page's frame needs some of the tree: the header's navigation, the
breadcrumbs, the guide's contents and previous/next links, the links to keyed
pages ("What should I do?"), the review dates in the footer. Read one by one
(django CMS's menu system, ancestor lookups, per-page URL lookups) that was
about twenty queries a page. Here: the published contents of the site's pages
in one language, with their pages and review dates (one query), and their URLs
(one query), kept on the request.

Published only: django CMS with versioning hides draft contents from
``PageContent.objects``, so an editor's unpublished title never reaches a
visitor's navigation, and a page whose content is unpublished is not in the
tree at all.
"""

from dataclasses import dataclass, field

from cms.models import Page, PageContent, PageUrl
from django.conf import settings

LIMIT_TO_SIGNED_IN = 1  # PageContent.limit_visibility_in_menu: "for logged in users only"
LIMIT_TO_ANONYMOUS = 2  # "for anonymous users only"


@dataclass
class TreePage:
    page: Page
    content: PageContent
    url: str | None
    children: list = field(default_factory=list)

    @property
    def pk(self):
        return self.page.pk

    @property
    def title(self):
        return self.content.title

    @property
    def menu_title(self):
        return self.content.menu_title or self.content.title

    @property
    def review(self):
        """The page's ReviewDates (a page extension), or None."""
        try:
            return self.page.reviewdates
        except Page.reviewdates.RelatedObjectDoesNotExist:
            return None

    def visible_in_menu(self, signed_in):
        limit = self.content.limit_visibility_in_menu
        return (
            self.content.in_navigation
            and self.url is not None
            and not (limit == LIMIT_TO_SIGNED_IN and not signed_in)
            and not (limit == LIMIT_TO_ANONYMOUS and signed_in)
        )


class SiteTree:
    """The published pages of one site and language, in the editors' tree order."""

    def __init__(self, language, site_id=None):
        self.language = language
        site_id = site_id or settings.SITE_ID
        contents = (
            PageContent.objects.filter(language=language, page__site_id=site_id)
            .select_related("page", "page__reviewdates")
            .order_by("page__path")
        )
        contents = list(contents)
        urls = {
            url.page_id: url
            for url in PageUrl.objects.filter(language=language, page_id__in=[content.page_id for content in contents])
        }
        self.pages = {}
        for content in contents:
            page = content.page
            url_object = urls.get(page.pk)
            # What get_absolute_url would fetch, given: no query per page.
            page.urls_cache = {language: url_object} if url_object else {}
            self.pages[page.pk] = TreePage(page=page, content=content, url=page.get_absolute_url(language))
        self.roots = []
        for node in self.pages.values():  # tree order: a parent comes before its children
            parent = self.pages.get(node.page.parent_id)
            if node.page.parent_id is None:
                self.roots.append(node)
            elif parent is not None:
                parent.children.append(node)
        self.by_key = {node.page.reverse_id: node for node in self.pages.values() if node.page.reverse_id}
        self.home = next((node for node in self.roots if node.page.is_home), None)

    def get(self, page):
        return self.pages.get(getattr(page, "pk", page))

    def ancestors(self, page):
        """The published ancestors of ``page``, top first; an unpublished one is left out, not the rest."""
        path = page.path
        return [
            node for node in self.pages.values() if len(node.page.path) < len(path) and path.startswith(node.page.path)
        ]


def site_tree(request, language):
    """The request's SiteTree for ``language``, read at most once per request."""
    if request is None:
        return SiteTree(language)
    trees = request.__dict__.setdefault("_site_trees", {})
    if language not in trees:
        trees[language] = SiteTree(language)
    return trees[language]
