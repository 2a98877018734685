from django import template

from safeguarding_site.pages import organisation as who_runs_this_site

register = template.Library()


@register.simple_tag
def organisation():
    """``{% organisation as org %}``: who runs this site (pages/organisation.py)."""
    return who_runs_this_site.current()


@register.simple_tag(takes_context=True)
def error_page(context):
    """``{% error_page %}`` in an error page's head: its header and footer then treat it as no page of the site's.

    An error page is in no part of the site and reviews nothing, but under an
    application's page (a service that does not exist) the request's CMS page is
    that page: the header would mark its section as the current one and the
    footer would show its review dates. The head is rendered before both, so the
    mark is there in time (and a 404 page is the same for every address, so the
    mirror's copy of it serves them all: pages/views.py).
    """
    request = context.get("request")
    if request is not None:
        request.is_error_page = True
    return ""
