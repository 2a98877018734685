"""The guide: an ordered set of CMS pages under one parent page.

The parent page (reverse_id ``settings.GUIDE_REVERSE_ID``) shows the whole guide
on one page, for reading straight through or printing; its published child
pages, in tree order, are the guide's parts. Editors reorder, add or remove
parts in the page tree and the contents list, numbering and previous/next links
follow without code changes.
"""

from dataclasses import dataclass

from cms.models import Page, PageContent, Placeholder
from django.conf import settings


@dataclass(frozen=True)
class GuidePart:
    number: int
    title: str
    url: str
    page_id: int
    content: PageContent


@dataclass(frozen=True)
class GuideNavigation:
    title: str
    url: str
    parts: list
    current: GuidePart | None

    @property
    def previous(self):
        if self.current is None or self.current.number == 1:
            return None
        return self.parts[self.current.number - 2]

    @property
    def next(self):
        if self.current is None or self.current.number == len(self.parts):
            return None
        return self.parts[self.current.number]


def guide_root(site_id=None):
    return (
        Page.objects.filter(reverse_id=settings.GUIDE_REVERSE_ID, site_id=site_id or settings.SITE_ID)
        .prefetch_related("urls")
        .first()
    )


def guide_navigation(language, current_page=None, site_id=None):
    """The published guide parts in order, with the current one marked.

    Returns None when there is no published guide (a fresh database, or the
    guide page unpublished by an editor).
    """
    root = guide_root(site_id)
    if root is None:
        return None
    contents = {
        content.page_id: content
        for content in PageContent.objects.filter(page__parent=root, language=language).select_related("page")
    }
    root_content = PageContent.objects.filter(page=root, language=language).first()
    if root_content is None:
        return None
    children = [page for page in root.get_child_pages().prefetch_related("urls") if page.pk in contents]
    parts = [
        GuidePart(
            number=index,
            title=contents[page.pk].title,
            url=page.get_absolute_url(language),
            page_id=page.pk,
            content=contents[page.pk],
        )
        for index, page in enumerate(children, start=1)
    ]
    current_id = getattr(current_page, "pk", None)
    current = next((part for part in parts if part.page_id == current_id), None)
    return GuideNavigation(
        title=root_content.title,
        url=root.get_absolute_url(language),
        parts=parts,
        current=current,
    )


def part_placeholder(part, slot="content"):
    """The published placeholder holding a part's text, for the whole-guide page."""
    return Placeholder.objects.get_for_obj(part.content).filter(slot=slot).first()
