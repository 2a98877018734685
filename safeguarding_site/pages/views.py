import copy
import logging
import sys

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.models import Site
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from safeguarding_site.mirror.build import RENDERING
from safeguarding_site.mirror.serve import saved_not_found_page

from .models import EmergencyLine

log = logging.getLogger(__name__)


@require_safe
def robots_txt(request):
    """Let search engines index the public pages and find the sitemap.

    The admin is not named: robots.txt is public, and naming DJANGO_ADMIN_URL
    would tell everyone where to try passwords. Admin answers carry
    X-Robots-Tag: noindex instead (pages.middleware.PrivacyHeadersMiddleware).
    """
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


FAVICON = settings.BASE_DIR / "static" / "images" / "favicon.png"


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on their own: a small icon, cached for a week."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=604800"
    response.browser_cacheable = True  # an icon says nothing about the visit
    return response


def standalone_context():
    """What 400, 414, 500 and 503 pages show, with no database and no request context."""
    return {"exit_page_url": settings.EXIT_PAGE_URL, "line": EmergencyLine}


def render_standalone(template_name, status, **context):
    """An error page that renders whatever state the request is in.

    A bad request can fail before the middleware that sets up the user, the
    toolbar and the current page has run (a disallowed Host header does), so
    these pages must not need any of it. ``context`` adds plain values.
    """
    return HttpResponse(loader.get_template(template_name).render({**standalone_context(), **context}), status=status)


def bad_request(request, exception, template_name="400.html"):
    """The site's 400 page (Django's handler400); 413 for a body over the limit."""
    if isinstance(exception, RequestDataTooBig):
        return render_standalone("413.html", 413)
    return render_standalone(template_name, 400)


@requires_csrf_token
def page_not_found(request, exception):
    """The site's 404 page (Django's handler404): for visitors, the copy the mirror wrote.

    Scanners ask for thousands of made-up addresses, and only Django knows which
    exist; the page for them changes only when something is published, and the
    mirror writes it then. Signed-in editors (their toolbar), the mirror's own
    build and a site without a mirror get it rendered, as Django does. Either
    way it marks no part of the site as the one the visitor is in, so the copy
    is what Django would render for any address (error_base.html's ``{% error_page %}``).
    """
    signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
    if not signed_in and RENDERING not in request.META:
        try:
            saved = saved_not_found_page()
        except (OSError, ValueError, KeyError):
            log.exception("The mirror's 404 page could not be read; rendering it")
            saved = None
        if saved is not None:
            return HttpResponseNotFound(saved)
    return defaults.page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """The site's 403 page for a form post that failed Django's CSRF check (CSRF_FAILURE_VIEW).

    Visitors never get a CSRF cookie (no page of theirs has a form that posts),
    so any POST from them ends here: a page with the exit control and the 999
    line, which says nothing about cookies and sets none. Editors, whose
    sign-in and admin forms do post, are told to reload and sign in again.
    Django logs the reason (django.security.csrf).
    """
    from .middleware import is_editor_request  # the middleware module imports this one

    return render_standalone("403_csrf.html", 403, editor=is_editor_request(request))


def sitemap(request, sitemaps):
    """/sitemap.xml with each address on the host and scheme the request came to.

    Django's view takes the domain from django.contrib.sites' Site row
    (example.com unless someone edits it), which django CMS needs (SITE_ID)
    but nothing else here keeps up to date. The request's host has been checked
    against ALLOWED_HOSTS already; the scheme is the request's (https behind a
    TLS proxy with DJANGO_BEHIND_PROXY=1).
    """
    site = copy.copy(Site.objects.get_current(request))  # its id: django CMS files pages under it
    site.domain = site.name = request.get_host()
    return sitemap_views.sitemap(request, {name: OnSite(section, site) for name, section in sitemaps.items()})


class OnSite:
    """A sitemap section that lists its addresses on ``site``, whatever site the view passes it."""

    def __init__(self, section, site):
        self.section = section() if callable(section) else section
        self.site = site

    def __getattr__(self, name):
        return getattr(self.section, name)

    def get_urls(self, page=1, site=None, protocol=None):
        return self.section.get_urls(page=page, site=self.site, protocol=protocol)


def database_unavailable(request):
    """While the database is down: the 503 page, which needs no database.

    Visitors' pages are served from the mirror's files before Django (mirror/),
    so only what the mirror does not hold gets here. Django reconnects on the
    next request, so the site recovers by itself when the database is back.
    """
    response = render_standalone("503.html", 503)
    response["Retry-After"] = "30"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The site's 500 page: like Django's, but with the exit control and 999 line.

    An unreachable database is not a bug in a page: it gets the 503 page.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    html = loader.get_template(template_name).render(standalone_context())
    return HttpResponseServerError(html)
