"""The guide: an ordered set of CMS pages under one parent page.

The parent page (reverse_id ``settings.GUIDE_REVERSE_ID``) shows the whole guide
on one page, for reading straight through or printing; its published child
pages, in tree order, are the guide's parts. Editors reorder, add or remove
parts in the page tree and the contents list, numbering and previous/next links
follow without code changes.
"""

from dataclasses import dataclass, field

from cms.models import Page, PageContent, Placeholder
from cms.utils.plugins import assign_plugins
from django.conf import settings
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class GuidePart:
    number: int
    title: str  # the leaflet's heading, for the part's own page and the whole guide
    menu_title: str  # its name in navigation: only one page is called "What should I do?"
    url: str
    page_id: int
    content_pk: int
    content: PageContent = field(compare=False, repr=False)  # its published content, from the page tree


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


def guide_navigation(tree, current_page=None):
    """The published guide parts in order, with the current one marked, from a SiteTree.

    Returns None when there is no published guide (a fresh database, or the
    guide page unpublished by an editor).
    """
    root = tree.by_key.get(settings.GUIDE_REVERSE_ID)
    if root is None or root.url is None:
        return None
    parts = [
        GuidePart(
            number=index,
            title=child.title,
            menu_title=child.menu_title,
            url=child.url,
            page_id=child.pk,
            content_pk=child.content_pk,
            content=child.content,
        )
        for index, child in enumerate((child for child in root.children if child.url), start=1)
    ]
    current_id = getattr(current_page, "pk", None)
    current = next((part for part in parts if part.page_id == current_id), None)
    return GuideNavigation(title=root.title, url=root.url, parts=parts, current=current)


def part_placeholders(parts, request, language, slot="content"):
    """{page id: the published placeholder holding that part's text}, plugins loaded, for the whole guide.

    The parts' placeholders in one query (their published contents came with the
    page tree), then every part's plugins at once (django CMS's
    ``assign_plugins``): the same few queries however many parts there are. For a
    visitor's render, the whole-guide page's own placeholder comes in the same
    queries, under its page's id (``{% own_placeholder %}``).
    """
    sources = {part.content_pk: (part.page_id, part.content) for part in parts}
    own = visitors_content(request)
    if own is not None:
        sources[own.pk] = (own.page_id, own)
    found = Placeholder.objects.filter(
        content_type=ContentType.objects.get_for_model(PageContent), object_id__in=list(sources), slot=slot
    )
    placeholders = {}
    for placeholder in found:
        page_id, content = sources[placeholder.object_id]
        placeholder.source = content  # django CMS reads it as it renders: no query per part
        placeholders[page_id] = placeholder
    assign_plugins(request, list(placeholders.values()), lang=language)
    return placeholders


def visitors_content(request):
    """The current page's published content when this is a visitor's render, else None.

    Editors' edit, preview and structure views show drafts with their own markup:
    those are left to django CMS's ``{% placeholder %}``.
    """
    toolbar = getattr(request, "toolbar", None)
    page = getattr(request, "current_page", None)
    if toolbar is None or not isinstance(page, Page):
        return None
    if toolbar.edit_mode_active or toolbar.preview_mode_active or toolbar.structure_mode_active:
        return None
    content = toolbar.get_object()
    return content if isinstance(content, PageContent) and content.page_id == page.pk else None
