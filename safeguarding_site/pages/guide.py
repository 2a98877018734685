"""The guide: an ordered set of CMS pages under one parent page.

The parent page (reverse_id ``settings.GUIDE_REVERSE_ID``) shows the whole guide
on one page, for reading straight through or printing; its published child
pages, in tree order, are the guide's parts. Editors reorder, add or remove
parts in the page tree and the contents list, numbering and previous/next links
follow without code changes.
"""

from dataclasses import dataclass

from cms.models import Page, PageContent, Placeholder
from cms.utils.plugins import assign_plugins
from django.conf import settings
from django.db import router
from django.db.models import Q


@dataclass(frozen=True)
class GuidePart:
    number: int
    title: str  # the leaflet's heading, for the part's own page and the whole guide
    menu_title: str  # its name in navigation: only one page is called "What should I do?"
    url: str
    page_id: int
    content_pk: int  # its published PageContent


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
        )
        for index, child in enumerate((child for child in root.children if child.url), start=1)
    ]
    current_id = getattr(current_page, "pk", None)
    current = next((part for part in parts if part.page_id == current_id), None)
    return GuideNavigation(title=root.title, url=root.url, parts=parts, current=current)


CONTENT_FIELDS = [field.attname for field in PageContent._meta.concrete_fields]
PLACEHOLDER_FIELDS = [field.attname for field in Placeholder._meta.concrete_fields]


def part_placeholders(parts, request, language, slot="content"):
    """{page id: the published placeholder holding that part's text}, plugins loaded, for the whole guide.

    One query for the parts' published contents with their placeholders
    (django CMS reads a placeholder's source when it renders it), and one
    (plus one per plugin type) for all their plugins, however many parts
    there are.

    For a visitor's render, the whole-guide page's own placeholders are read in
    the same queries and handed to django CMS's renderer (``shares_read``): it
    would otherwise read them, and their plugins, on its own when the page's
    first ``{% placeholder %}`` renders. Call this before that tag.
    """
    parts = {part.content_pk: part for part in parts}
    own = shares_read(request)  # the page's published content, or None
    wanted = Q(pk__in=list(parts), placeholders__slot=slot)
    if own is not None:
        wanted |= Q(pk=own.pk, placeholders__isnull=False)
    rows = PageContent.objects.filter(wanted).values_list(
        *CONTENT_FIELDS, *[f"placeholders__{name}" for name in PLACEHOLDER_FIELDS]
    )
    # (A part unpublished since the page tree was read is not among them.)
    db = router.db_for_read(Placeholder)
    contents, placeholders, own_placeholders = {}, [], []
    width = len(CONTENT_FIELDS)
    for row in rows:
        if own is not None and row[0] == own.pk:
            placeholder = Placeholder.from_db(db, PLACEHOLDER_FIELDS, row[width:])
            placeholder.source = own
            placeholder.page = own.page  # as django CMS sets it
            own_placeholders.append(placeholder)
            continue
        content = contents.get(row[0])
        if content is None:
            content = contents[row[0]] = PageContent.from_db(db, CONTENT_FIELDS, row[:width])
        placeholder = Placeholder.from_db(db, PLACEHOLDER_FIELDS, row[width:])
        placeholder.source = content  # no query per part
        placeholders.append(placeholder)
    assign_plugins(request, [*own_placeholders, *placeholders], lang=language)
    if own is not None:
        renderer = request.toolbar.get_content_renderer()
        renderer._placeholders_by_page_cache[own.page_id] = {
            placeholder.slot: placeholder for placeholder in own_placeholders
        }
    return {parts[placeholder.object_id].page_id: placeholder for placeholder in placeholders}


def shares_read(request):
    """The current page's published content when its placeholders may be read with the parts', else None.

    Only as django CMS itself would read them for this request: a visitor's
    render of the page (not an editor's edit, preview or structure view, which
    show drafts with their own markup), a template with no inherited
    placeholders, and a renderer that has not read them yet. (A renderer
    without the attribute, in another django CMS version, reads them itself.)
    """
    toolbar = getattr(request, "toolbar", None)
    page = getattr(request, "current_page", None)
    if toolbar is None or not isinstance(page, Page):
        return None
    if toolbar.edit_mode_active or toolbar.preview_mode_active or toolbar.structure_mode_active:
        return None
    content = toolbar.get_object()
    if not isinstance(content, PageContent) or content.page_id != page.pk:
        return None
    renderer = toolbar.get_content_renderer()
    if page.pk in getattr(renderer, "_placeholders_by_page_cache", {page.pk: None}):
        return None
    if any(declared.inherit for declared in page.get_declared_placeholders()):
        return None
    PageContent.page.field.set_cached_value(content, page)
    return content
