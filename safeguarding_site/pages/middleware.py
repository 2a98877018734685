"""Middleware for every request: bad-input guard, privacy and security headers."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.gzip import GZipMiddleware

from .input import has_control_characters, query_string_malformed, query_string_too_long
from .views import render_standalone


class RequestSanityMiddleware:
    """Reject requests that no page could answer before they reach the CMS.

    A method no page takes (PUT, DELETE, TRACE...), a path or query string of
    absurd length, or one carrying control characters (a NUL byte makes
    PostgreSQL raise) gets a clear 4xx rather than a database error, a slow
    lookup or a page answering a request it does not understand.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    ALLOWED_METHODS = ("GET", "HEAD", "POST")

    def __call__(self, request):
        if request.method not in self.ALLOWED_METHODS:
            response = render_standalone("405.html", 405)
            response["Allow"] = ", ".join(self.ALLOWED_METHODS)
            return response
        try:
            body_length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return render_standalone("400.html", 400)
        if body_length > settings.MAX_REQUEST_BODY:
            return render_standalone("413.html", 413)
        if request.method == "POST":
            # Parse the body now: a malformed one is a 400 here, not an
            # exception later in whichever template or middleware first reads it.
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return render_standalone("413.html", 413)
            except (MultiPartParserError, SuspiciousOperation, UnreadablePostError):
                return render_standalone("400.html", 400)
        query_string = request.META.get("QUERY_STRING", "")
        if len(request.path) > settings.MAX_PATH_LENGTH or query_string_too_long(query_string):
            return render_standalone("414.html", 414)
        if has_control_characters(request.path) or query_string_malformed(query_string):
            return render_standalone("400.html", 400)
        return self.get_response(request)


def is_editor_request(request):
    """A signed-in member of staff, or a request for the admin (its login page included)."""
    if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class VisitorPagesGZipMiddleware(GZipMiddleware):
    """Django's gzip for the HTML it renders for visitors: searches, the 404 page, a page asked
    for with a query string the mirror does not hold (the mirror's own pages come compressed).

    A page that holds a secret and reflects what was typed must not be compressed (BREACH).
    Its secret comes with a cookie: a session's or a CSRF token's, sent with the request or
    set by the answer (the admin's sign-in page sets one on the first visit). So never for a
    request with a cookie or Authorization, nor for an answer that sets a cookie. Never for
    static files either: whitenoise sends its own compressed copies.
    """

    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response  # first: static files pass here on every request without nginx
        if request.COOKIES or "HTTP_AUTHORIZATION" in request.META or response.cookies:
            return response
        return super().process_response(request, response)


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with the strict policy for visitors and a wider one for editors.

    The CMS toolbar and admin rely on inline scripts and styles and open
    same-origin frames; visitors never get those allowances.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_editor_request(request):
            parts.update = {**settings.EDITOR_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**settings.EDITOR_CSP_REPLACE, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # django-csp gathers the directives in a set, so their order follows each
        # process's hash seed: sorted, the mirror and every worker send the same bytes.
        for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
            if header in response:
                response[header] = "; ".join(sorted(response[header].split("; ")))
        return response


class PrivacyHeadersMiddleware:
    """Headers that keep a visit private, on every response.

    - Pages are never stored by the browser (``Cache-Control: private, no-store``),
      so a later user of a shared device cannot read them from the disk cache.
      Shared caches may keep anonymous, cookie-less pages briefly, through
      ``CDN-Cache-Control`` (RFC 9213). Static files keep whitenoise's
      long-lived immutable caching.
    - A Permissions-Policy that denies powerful features.
    - ``Referrer-Policy: no-referrer`` for visitors (SECURE_REFERRER_POLICY);
      ``same-origin`` for editors, whose sign-in and toolbar forms need it.
    - A clean ``Vary`` header: no empty or repeated items (django CMS's page cache, when on, adds an empty one).
    - ``X-Robots-Tag: noindex, nofollow`` on the admin (DJANGO_ADMIN_URL), which
      robots.txt does not name: search engines leave it out of their results.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL

    def __call__(self, request):
        response = self.get_response(request)
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        editor = is_editor_request(request)
        if editor:
            # Browsers send "Origin: null" with forms under no-referrer, which
            # Django's CSRF check refuses: editors get same-origin, which
            # still tells other sites nothing.
            response["Referrer-Policy"] = "same-origin"
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        if request.path_info.startswith(self.static_prefix):
            return response
        if response.has_header("Vary"):
            items = [item.strip() for item in response["Vary"].split(",")]
            response["Vary"] = ", ".join(dict.fromkeys(item for item in items if item))
        if not getattr(response, "browser_cacheable", False):  # only the favicon says so
            response["Cache-Control"] = "private, no-store"
        if "Expires" in response:
            del response["Expires"]
        shareable = (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 301, 404)
            and not response.cookies
            and not editor
            and settings.CDN_CACHE_SECONDS > 0
            and getattr(response, "shared_cacheable", True)  # a view may say no (search results)
        )
        if shareable:
            response["CDN-Cache-Control"] = f"public, max-age={settings.CDN_CACHE_SECONDS}"
        else:
            response["CDN-Cache-Control"] = "no-store"
        return response
