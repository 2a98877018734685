from cms.models import Page
from django import template
from django.utils.translation import get_language

from safeguarding_site.pages import guide
from safeguarding_site.pages.frame import site_tree

register = template.Library()


def current_page(context):
    """The request's CMS page, or None (django CMS sets a lazy object that may wrap None)."""
    page = getattr(context.get("request"), "current_page", None)
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def guide_navigation(context):
    """``{% guide_navigation as guide %}``: contents, current part, previous and next."""
    return guide.guide_navigation(site_tree(context.get("request"), get_language()), current_page(context))


@register.simple_tag(takes_context=True)
def load_guide_parts(context, guide_navigation):
    """``{% load_guide_parts guide %}``, before the page's own placeholder.

    Reads every part’s text at once (guide.part_placeholders).
    """
    request = context.get("request")
    if guide_navigation is not None and request is not None and not hasattr(request, "guide_part_placeholders"):
        request.guide_part_placeholders = part_placeholders(request, guide_navigation.parts)
    return ""


@register.simple_tag(takes_context=True)
def own_placeholder(context, guide_navigation):
    """``{% own_placeholder guide as placeholder %}``: the page's own text, from the page tree, or None.

    With the parts' when ``{% load_guide_parts %}`` came first (the whole
    guide); else alone (a part's own page). None for an editor's edit, preview
    or structure view: the template's ``{% placeholder %}`` renders it then.
    """
    request = context.get("request")
    page = current_page(context)
    if guide_navigation is None or page is None or guide.visitors_content(request) is None:
        return None
    loaded = getattr(request, "guide_part_placeholders", None)
    if loaded is None:
        loaded = part_placeholders(request, [])
    return loaded.get(page.pk)


@register.simple_tag(takes_context=True)
def part_placeholder(context, guide_navigation, part):
    """``{% part_placeholder guide part as placeholder %}`` for rendering a part inside the whole guide.

    The first call loads every part's placeholder and plugins at once.
    """
    request = context.get("request")
    loaded = getattr(request, "guide_part_placeholders", None)
    if loaded is None:
        loaded = part_placeholders(request, guide_navigation.parts)
        if request is not None:
            request.guide_part_placeholders = loaded
    return loaded.get(part.page_id)


def part_placeholders(request, parts):
    language = get_language()
    return guide.part_placeholders(parts, request, language, site_tree(request, language))


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """``{% site_navigation as items %}``: the header's links, the top-level pages shown in navigation.

    Each item: title, url, and ``current``: "page" for the page itself, "true"
    for a page the visitor is below (aria-current), else "".
    """
    request = context.get("request")
    tree = site_tree(request, get_language())
    # An error page is in no part of the site, whatever its address ({% error_page %}, site_footer.py).
    page = None if getattr(request, "is_error_page", False) else current_page(context)
    ancestors = {node.pk for node in tree.ancestors(page)} if page is not None else set()
    signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
    items = []
    for node in tree.roots:
        if not node.visible_in_menu(signed_in):
            continue
        if page is not None and node.pk == page.pk:
            current = "page" if request is not None and node.url == request.path else "true"
        else:
            current = "true" if node.pk in ancestors else ""
        items.append({"title": node.menu_title, "url": node.url, "current": current})
    return items


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """``{% breadcrumbs as trail %}``: home, then the current page's ancestors, then the page.

    Built from the page tree rather than the menu, so pages kept out of the
    navigation (the privacy notice, say) still get a correct trail.
    """
    page = current_page(context)
    if page is None or (page.is_home and not context.get("breadcrumb_extra")):
        return []
    tree = site_tree(context.get("request"), get_language())
    crumbs = tree.ancestors(page)
    if tree.home is not None and tree.home not in crumbs and tree.home.pk != page.pk:
        crumbs.insert(0, tree.home)
    trail = [{"title": node.menu_title, "url": node.url, "current": False} for node in crumbs]
    node = tree.get(page)
    if node is not None:
        trail.append({"title": node.menu_title, "url": node.url, "current": True})
    else:  # not published (an editor previewing a draft): its own title, no query for the rest
        trail.append({"title": page.get_menu_title(get_language()), "url": page.get_absolute_url(), "current": True})
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
    page = current_page(context)
    if page is None:
        return None
    node = site_tree(context.get("request"), get_language()).get(page)
    if node is not None:
        return node.review
    from safeguarding_site.editors.models import ReviewDates  # a draft page an editor is previewing

    return ReviewDates.objects.filter(extended_object=page).first()


@register.simple_tag(takes_context=True)
def published_page(context, reverse_id):
    """``{% published_page "what-should-i-do" as page %}``: title and url, or None.

    Lets templates link to a page that may not exist yet (or has been
    unpublished) without raising or printing a broken link.
    """
    node = site_tree(context.get("request"), get_language()).by_key.get(reverse_id)
    if node is None or node.url is None:
        return None
    return {"title": node.menu_title, "url": node.url}
