"""Answer a cookie-less anonymous GET from memory, before the rest of the middleware stack.

Most visitors are anonymous and send no cookie, and every one of them gets
the same bytes for the same address. This middleware keeps, in each worker
process, a copy of each such response (status, every header the site sends,
body) and replays it. It is the first middleware, so a hit costs one shared
cache lookup and no database query.

Freshness, on every instance: each copy is filed under the site's *content
version*, a token in the shared cache (Redis in production) that changes
whenever anything a visitor sees changes (a page is published, unpublished,
moved or deleted; the emergency line, review dates or the directory change).
The lookup reads the current token first, so the request after a publish,
on any worker of any instance, misses and renders afresh. Copies also expire
after FASTPATH_MAX_AGE seconds, and each process keeps at most
FASTPATH_MAX_ENTRIES of them (least recently used go first).

What is never answered from memory: anything but GET; a request with a
cookie (editors, anyone with a session) or an Authorization header; a query
string; the admin and static files; plain HTTP when the site redirects to
HTTPS; a response that sets a cookie, is not a 200, or that the site marks as
not shareable (``CDN-Cache-Control: no-store``).
"""

import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse

CONTENT_VERSION_KEY = "site:content-version"


def content_version():
    """The current content version token (created if the shared cache has none)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def bump_content_version(**kwargs):
    """Make every worker's copies stale: called whenever visible content changes."""
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = OrderedDict()
        self.max_entries = settings.FASTPATH_MAX_ENTRIES
        self.max_age = settings.FASTPATH_MAX_AGE
        self.excluded_prefixes = (f"/{settings.ADMIN_URL}", settings.STATIC_URL, settings.MEDIA_URL)

    def key_for(self, request):
        """The copy's key, or None when this request must go through the whole stack."""
        meta = request.META
        if (
            request.method != "GET"
            or meta.get("HTTP_COOKIE")
            or meta.get("HTTP_AUTHORIZATION")
            or meta.get("QUERY_STRING")
            or request.path_info.startswith(self.excluded_prefixes)
        ):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        return (request.scheme, host, request.path_info)

    def __call__(self, request):
        if not settings.FASTPATH_ENABLED:
            return self.get_response(request)
        key = self.key_for(request)
        if key is None:
            return self.get_response(request)
        version = content_version()
        copy = self.pages.get(key)
        if copy is not None and copy[0] == version and time.monotonic() - copy[1] < self.max_age:
            self.pages.move_to_end(key)
            return self.replay(copy)
        response = self.get_response(request)
        if self.shareable(response):
            self.pages[key] = (
                version,
                time.monotonic(),
                response.status_code,
                list(response.items()),
                response.content,
            )
            self.pages.move_to_end(key)
            while len(self.pages) > self.max_entries:
                self.pages.popitem(last=False)
        else:
            self.pages.pop(key, None)
        return response

    @staticmethod
    def shareable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("CDN-Cache-Control", "").startswith("public")
        )

    @staticmethod
    def replay(copy):
        _version, _stored, status, headers, content = copy
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
