from cms.models import Page, PageContent
from django import template
from django.conf import settings
from django.utils.translation import get_language

from safeguarding_site.pages import guide

register = template.Library()


def current_page(context):
    """The request's CMS page, or None (django CMS sets a lazy object that may wrap None)."""
    page = getattr(context.get("request"), "current_page", None)
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def guide_navigation(context):
    """``{% guide_navigation as guide %}``: contents, current part, previous and next."""
    return guide.guide_navigation(get_language(), current_page(context))


@register.simple_tag
def part_placeholder(part):
    """``{% part_placeholder part as placeholder %}`` for rendering a part inside the whole guide."""
    return guide.part_placeholder(part)


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """``{% breadcrumbs as trail %}``: home, then the current page's ancestors, then the page.

    Built from the page tree rather than the menu, so pages kept out of the
    navigation (the privacy notice, say) still get a correct trail.
    """
    page = current_page(context)
    if page is None or (page.is_home and not context.get("breadcrumb_extra")):
        return []
    language = get_language()
    pages = [*page.get_ancestor_pages(), page]
    home = Page.objects.filter(is_home=True, site_id=page.site_id).first()
    if home is not None and home.pk not in {p.pk for p in pages}:
        pages.insert(0, home)
    contents = {
        content.page_id: content
        for content in PageContent.objects.filter(page__in=[p.pk for p in pages], language=language)
    }
    trail = []
    for crumb in pages:
        content = contents.get(crumb.pk)
        if content is None and crumb.pk != page.pk:
            continue
        title = (content.menu_title or content.title) if content else page.get_menu_title(language)
        trail.append({"title": title, "url": crumb.get_absolute_url(language), "current": crumb.pk == page.pk})
    # An apphooked page's own views (a service in the directory) add their crumbs.
    extra = context.get("breadcrumb_extra") or []
    if extra:
        trail[-1]["current"] = False
        trail += [{"title": crumb["title"], "url": crumb.get("url", ""), "current": False} for crumb in extra]
        trail[-1]["current"] = True
    return trail


@register.simple_tag(takes_context=True)
def review_dates(context):
    """``{% review_dates as review %}``: the current page's ReviewDates, or None."""
    from safeguarding_site.editors.models import ReviewDates

    page = current_page(context)
    if page is None:
        return None
    return ReviewDates.objects.filter(extended_object=page).first()


def published_pages_by_key(language):
    """Every published page that has a key (reverse_id): {key: {"title", "url"}}, in three queries."""
    pages = Page.objects.filter(site_id=settings.SITE_ID, reverse_id__isnull=False).prefetch_related("urls")
    pages = {page.pk: page for page in pages}
    links = {}
    for content in PageContent.objects.filter(page_id__in=list(pages), language=language):
        page = pages[content.page_id]
        links[page.reverse_id] = {"title": content.menu_title or content.title, "url": page.get_absolute_url(language)}
    return links


@register.simple_tag(takes_context=True)
def published_page(context, reverse_id):
    """``{% published_page "what-should-i-do" as page %}``: title and url, or None.

    Lets templates link to a page that may not exist yet (or has been
    unpublished) without raising or printing a broken link. The lookup is done
    once per request for all keyed pages, however many links a page has.
    """
    request = context.get("request")
    links = getattr(request, "_published_pages_by_key", None)
    if links is None:
        links = published_pages_by_key(get_language())
        if request is not None:
            request._published_pages_by_key = links
    return links.get(reverse_id)
