from django import template

from safeguarding_site.pages import organisation as who_runs_this_site

register = template.Library()


@register.simple_tag
def organisation():
    """``{% organisation as org %}``: who runs this site (pages/organisation.py)."""
    return who_runs_this_site.current()


@register.simple_tag(takes_context=True)
def error_page(context):
    """``{% error_page %}`` in an error page's content: its footer then shows no review dates.

    An error page reviews nothing, but under an application's page (a service
    that does not exist) the request's CMS page is that page, with its dates.
    The content is rendered before the footer, so the mark is there in time.
    """
    request = context.get("request")
    if request is not None:
        request.is_error_page = True
    return ""
