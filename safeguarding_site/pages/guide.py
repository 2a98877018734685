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


@dataclass(frozen=True)
class GuidePart:
    number: int
    title: str  # the leaflet's heading, for the part's own page and the whole guide
    menu_title: str  # its name in navigation: only one page is called "What should I do?"
    url: str
    page_id: int
    content_pk: int
    content: PageContent = field(compare=False, repr=False)  # its published content, from the page tree
    placeholder: Placeholder | None = field(compare=False, repr=False)  # its "content" placeholder, from the tree


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
            placeholder=child.placeholder,
        )
        for index, child in enumerate((child for child in root.children if child.url), start=1)
    ]
    current_id = getattr(current_page, "pk", None)
    current = next((part for part in parts if part.page_id == current_id), None)
    return GuideNavigation(title=root.title, url=root.url, parts=parts, current=current)


def part_placeholders(parts, request, language, tree):
    """{page id: the published "content" placeholder holding that part's text}, plugins loaded.

    The placeholders came with the page tree (frame.py); here every part's
    plugins are read at once (django CMS's ``assign_plugins``): the same few
    queries however many parts there are. For a visitor's render, the current
    page's own placeholder comes in the same queries, under its page's id
    (``{% own_placeholder %}``).
    """
    sources = [(part.page_id, part.content, part.placeholder) for part in parts]
    own = visitors_content(request)
    node = tree.get(own.page_id) if own is not None else None
    if node is not None and node.content_pk == own.pk:
        sources.append((own.page_id, own, node.placeholder))
    placeholders = {}
    for page_id, content, placeholder in sources:
        if placeholder is not None:
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
