"""Answer a cookie-less anonymous GET from memory, before the rest of the middleware stack.

Most visitors are anonymous and send no cookie, and every one of them gets
the same bytes for the same address. The first middleware keeps, in each
worker process, a copy of each such response (status, every header the site
sends, body); a WSGI wrapper in front of Django (wsgi.py) answers the next
request for it before Django's handler runs. A hit costs one shared cache
lookup and no database query.

Freshness, on every instance: each copy is filed under the site's *content
version*, a token in the shared cache (Redis in production) that changes
whenever anything a visitor sees changes (a page is published, unpublished,
moved or deleted; the emergency line, review dates or the directory change).
The lookup reads the current token first, so the request after a publish,
on any worker of any instance, misses and renders afresh. Copies also expire
after FASTPATH_MAX_AGE seconds, and each process keeps at most
FASTPATH_MAX_ENTRIES of them (least recently used go first).

Compression: each copy is kept three ways, as it is, gzipped and in brotli,
compressed once when it is stored, and every visitor gets the smallest one
their browser accepts (Accept-Encoding), with "Vary: Accept-Encoding". A
directory page of 20.8 KB is 3.3 KB in brotli, for someone on a poor
connection. Only these shared, anonymous pages are compressed: they are the
same bytes for everyone, carry no secret and reflect nothing from the request,
so compression cannot leak anything (BREACH); editors' pages, with their CSRF
tokens, are never compressed by the site.

Query strings: links shared on social media and in newsletters arrive with
tracking parameters (``fbclid``, ``utm_source``...), often a different value
on every click. No page reads them, so they are left out of the key: such a
request gets the same copy as the bare address. Any other parameter goes to
Django, unless the page's view declares that its page depends on that
parameter alone (``depends_on_query``: the directory's ``?situation=``); then
each value, given once, has a copy of its own. A view's declaration is learnt
from its response, so the first request for such a page with a query string
always renders.

Hosts: a key carries the Host header as sent, but only in its plain form
(lower case, and a port only when it is the one the request came in on):
any other spelling renders without a copy, so it cannot add keys. Both
dictionaries are bounded by FASTPATH_MAX_ENTRIES all the same (least
recently used go first), in case ALLOWED_HOSTS has a wildcard.

What is never answered from memory: anything but GET; a request with a
cookie (editors, anyone with a session) or an Authorization header; a query
string with any other parameter, a parameter given twice, or one the site
would refuse (too long, control characters); the admin and static files;
plain HTTP when the site redirects to HTTPS; a response that sets a cookie,
is not a 200, or that the site marks as not shareable
(``CDN-Cache-Control: no-store``).
"""

import contextlib
import functools
import gzip
import logging
import os
import time
import uuid
from collections import OrderedDict
from http import HTTPStatus

import brotli
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port, validate_host

from .input import query_string_malformed, query_string_too_long
from .tracking import is_tracking_parameter

CONTENT_VERSION_KEY = "site:content-version"


CONTENT_VERSION_CHANNEL = "site:content-version"
log = logging.getLogger(__name__)


def read_content_version():
    """The current content version token from the shared cache (created if it has none), or None if it is down."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


class VersionWatcher:
    """This process's copy of the content version, kept current by Redis publish/subscribe.

    With Redis, reading the version on every request is a network round trip
    (about 0.1-0.2 ms here), more than answering the page itself. Instead each
    worker subscribes to CONTENT_VERSION_CHANNEL, on which every change is
    announced right after the new version is written. A request reads any
    messages already waiting on that connection (a non-blocking poll of its
    socket, no round trip); only when there is one does it read the version
    from Redis again. Redis sends the message to every subscriber before it
    answers the one publishing it, so by the time an editor's "Publish" has
    returned, the change is waiting on each worker's connection: the next
    request anywhere sees it.

    Whenever the watcher cannot vouch for the version (no Redis cache, not yet
    subscribed, the connection lost), current() says None and the caller reads
    the shared cache as before; a lost subscription is retried after
    RETRY_SECONDS and the version read afresh, so nothing published meanwhile is
    missed.
    """

    RETRY_SECONDS = 5.0

    def __init__(self):
        self.pubsub = None
        self.version = None
        self.reconnected = False
        self.owner = None  # (process id, Redis servers) this state belongs to
        self.retry_at = 0.0

    def reset(self):
        """Forget the subscription (the next request subscribes again): a test's fresh start, or a fork."""
        self.unsubscribe()
        self.owner = None
        self.retry_at = 0.0

    def unsubscribe(self):
        pubsub, self.pubsub, self.version = self.pubsub, None, None
        if pubsub is not None:
            with contextlib.suppress(Exception):
                pubsub.close()

    @staticmethod
    def redis_cache():
        backend = caches["default"]
        return backend if isinstance(backend, RedisCache) else None

    def current(self):
        backend = self.redis_cache()
        if backend is None:
            return None
        owner = (os.getpid(), tuple(backend._servers))
        if self.owner != owner:  # a forked worker, or another cache: never another's connection
            self.reset()
            self.owner = owner
        if self.pubsub is None and not self.subscribe(backend):
            return None
        changed = False
        try:
            while (message := self.pubsub.get_message(ignore_subscribe_messages=True, timeout=0)) is not None:
                changed = changed or message.get("type") == "message"
        except Exception as error:  # noqa: BLE001 - any failure means "cannot vouch"
            self.lost(error)
            return None
        if changed or self.reconnected:
            # A message says "it changed", not what to: two editors' changes can write
            # and announce in either order, and only the version stored last is right.
            # After redis-py reconnected (and subscribed again) by itself, a change
            # announced meanwhile was never heard: read the version for that too.
            self.reconnected = False
            self.version = read_content_version()
            if self.version is None:
                self.lost("the version could not be read")
                return None
        return self.version

    def on_reconnect(self, connection):
        self.reconnected = True

    def subscribe(self, backend):
        if time.monotonic() < self.retry_at:
            return False
        pubsub = None
        try:
            pubsub = backend._cache.get_client(write=False).pubsub()
            pubsub.subscribe(CONTENT_VERSION_CHANNEL)
            confirmed = pubsub.get_message(timeout=1.0)
            if not confirmed or confirmed.get("type") != "subscribe":
                raise ConnectionError("no subscription confirmed")
        except Exception as error:  # noqa: BLE001
            if pubsub is not None:
                with contextlib.suppress(Exception):
                    pubsub.close()
            self.lost(error)
            return False
        # Subscribed first, read second: a change made in between is waiting as a message.
        version = read_content_version()
        if version is None:
            pubsub.close()
            self.retry_at = time.monotonic() + self.RETRY_SECONDS
            return False
        pubsub.connection.register_connect_callback(self.on_reconnect)
        self.pubsub, self.version, self.reconnected = pubsub, version, False
        return True

    def lost(self, error):
        log.warning("Content version subscription unavailable (%s); reading the cache per request", error)
        self.unsubscribe()
        self.retry_at = time.monotonic() + self.RETRY_SECONDS


WATCHER = VersionWatcher()


def content_version():
    """The current content version token, or None when the shared cache is down."""
    version = WATCHER.current()
    return version if version is not None else read_content_version()


def bump_content_version():
    """Make every worker's copies stale: called whenever visible content changes."""
    version = uuid.uuid4().hex
    cache.set(CONTENT_VERSION_KEY, version, None)
    backend = VersionWatcher.redis_cache()
    if backend is not None:
        try:
            backend._cache.get_client(write=True).publish(CONTENT_VERSION_CHANNEL, version)
        except Exception as error:  # noqa: BLE001 - Redis is down: every watcher has lost it too
            log.warning("Could not publish the new content version (%s)", error)


IDENTITY, GZIP, BROTLI = "identity", "gzip", "br"
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/ld+json", "application/xml", "image/svg+xml")
MIN_COMPRESS_BYTES = 256  # below this, the headers cost more than compression saves


@functools.lru_cache(maxsize=512)
def preferred_encoding(accept_encoding):
    """br, gzip or identity for an Accept-Encoding header (q=0 refuses a coding), cached per header value."""
    accepted = {}
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        accepted[coding.strip()] = quality
    for coding in (BROTLI, GZIP):
        if accepted.get(coding, accepted.get("*", 0.0)) > 0:
            return coding
    return IDENTITY


def with_vary_accept_encoding(headers):
    vary = [value for name, value in headers if name.lower() == "vary"]
    items = [item.strip() for value in vary for item in value.split(",") if item.strip()]
    if "accept-encoding" not in {item.lower() for item in items}:
        items.append("Accept-Encoding")
    return [(name, value) for name, value in headers if name.lower() != "vary"] + [("Vary", ", ".join(items))]


def variants(response):
    """{encoding: (headers, body)}: the page as it is and, when worth it, gzipped and in brotli."""
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    body = response.content
    content_type = response.get("Content-Type", "")
    compress = (
        len(body) >= MIN_COMPRESS_BYTES
        and content_type.startswith(COMPRESSIBLE_TYPES)
        and not response.has_header("Content-Encoding")
    )
    if compress:
        headers = with_vary_accept_encoding(headers)
        # Quality 5: within a few per cent of brotli's best for these pages, in ~2 ms rather than ~20.
        encoded = [
            (GZIP, gzip.compress(body, compresslevel=9, mtime=0)),
            (BROTLI, brotli.compress(body, quality=5, mode=brotli.MODE_TEXT)),
        ]
    else:
        encoded = []
    result = {IDENTITY: ([*headers, ("Content-Length", str(len(body)))], body)}
    for encoding, content in encoded:
        if len(content) < len(body):  # kept only when it saves something
            result[encoding] = (
                [*headers, ("Content-Encoding", encoding), ("Content-Length", str(len(content)))],
                content,
            )
    return result


class PageCopy:
    """One stored page: its version, when it was stored, its status and each encoding's headers and body."""

    __slots__ = ("version", "stored_at", "status_line", "variants")

    def __init__(self, version, response):
        self.version = version
        self.stored_at = time.monotonic()
        self.status_line = f"{response.status_code} {HTTPStatus(response.status_code).phrase}"
        self.variants = variants(response)

    def variant(self, accept_encoding):
        """(headers, body) for a request sending this Accept-Encoding header ("" for none).

        A compressed copy is kept only when smaller; without it the page goes as it
        is, which every browser accepts (never a coding the browser did not choose).
        """
        chosen = preferred_encoding(accept_encoding) if accept_encoding else IDENTITY
        return self.variants.get(chosen) or self.variants[IDENTITY]

    def response(self, accept_encoding):
        headers, content = self.variant(accept_encoding)
        response = HttpResponse(content, status=int(self.status_line.split(" ", 1)[0]))
        for name, value in headers:
            response[name] = value
        return response


class PageStore:
    """This process's copies of anonymous pages: {key: PageCopy}, least recently used first.

    A key is (scheme, host, path, query): query is () for the bare address (and
    tracking parameters only), else the declared parameters' (name, value) pairs.
    ``query_parameters`` holds, for each (scheme, host, path) whose view declared
    them, the names of the parameters its page depends on.
    """

    def __init__(self):
        self.pages = OrderedDict()
        self.query_parameters = OrderedDict()

    def get(self, key, version):
        copy = self.pages.get(key)
        if copy is None or copy.version != version or time.monotonic() - copy.stored_at >= settings.FASTPATH_MAX_AGE:
            return None
        self.pages.move_to_end(key)
        return copy

    def put(self, key, version, response):
        copy = self.pages[key] = PageCopy(version, response)
        self.pages.move_to_end(key)
        while len(self.pages) > settings.FASTPATH_MAX_ENTRIES:
            self.pages.popitem(last=False)
        return copy

    def discard(self, key):
        self.pages.pop(key, None)

    def declared_parameters(self, page):
        """The parameters the page at (scheme, host, path) depends on, if its view has said."""
        return self.query_parameters.get(page)

    def declare(self, page, names):
        self.query_parameters[page] = names
        self.query_parameters.move_to_end(page)
        while len(self.query_parameters) > settings.FASTPATH_MAX_ENTRIES:
            self.query_parameters.popitem(last=False)

    def counts(self):
        """How many entries each of the store's dictionaries holds: {"pages": n, "query_parameters": m}."""
        return {"pages": len(self.pages), "query_parameters": len(self.query_parameters)}

    def clear(self):
        self.pages.clear()
        self.query_parameters.clear()


STORE = PageStore()


def excluded_prefixes():
    return (f"/{settings.ADMIN_URL}", settings.STATIC_URL, settings.MEDIA_URL)


def depends_on_query(*names):
    """View decorator: the page depends on the request's query string through these parameters only.

    Then a request whose query string has nothing else, each of them at most
    once, can be answered from a stored copy of that same query's page.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.depends_on_query = frozenset(names)
            return response

        return wrapper

    return decorator


@functools.lru_cache(maxsize=1024)
def query_part(query_string, declared):
    """The query part of a key, or None when a page for this query string must not come from the store.

    Cached per (query string, declared): the same filter or shared link asked for
    again is a dictionary lookup, not a parse.

    ``query_string`` is the WSGI environ's QUERY_STRING, read here exactly as
    Django reads it for ``request.GET``; ``declared`` the parameters the page
    depends on, if its view has said.
    """
    if not query_string:
        return ()
    # What RequestSanityMiddleware refuses is never answered from a copy.
    if query_string_too_long(query_string) or query_string_malformed(query_string):
        return None
    try:
        query = QueryDict(query_string.encode("iso-8859-1"))
    except Exception:  # noqa: BLE001 - too many fields, or anything else Django would refuse
        return None
    pairs = []
    for name, values in query.lists():
        if is_tracking_parameter(name):
            continue
        if declared is None or name not in declared or len(values) != 1:
            return None
        pairs.append((name, values[0]))
    return tuple(sorted(pairs))


def plain_host(host, served_port):
    """``host`` when it is in its plain form (lower case, no trailing dot, a port only if the one
    the request came in on), else None. Any digits pass Django's check as a port: without this,
    each one was a key of its own."""
    domain, port = split_domain_port(host)
    if not domain or (port and port != served_port):
        return None
    return host if host == (f"{domain}:{port}" if port else domain) else None


def page_key(request):
    """(scheme, host, path) when this request may be answered from the store, or None.

    host is None when the Host header is not in its plain form: such a request
    is answered as any other, compressed alike, but never from or into the store.
    """
    meta = request.META
    if (
        request.method != "GET"
        or meta.get("HTTP_COOKIE")
        or meta.get("HTTP_AUTHORIZATION")
        or request.path_info.startswith(excluded_prefixes())
    ):
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return (request.scheme, plain_host(host, request.get_port()), request.path_info)


def request_key(request):
    """A stored copy's key for this request, or None when it must go through the whole stack."""
    page = page_key(request)
    if page is None or page[1] is None:
        return None
    query = query_part(request.META.get("QUERY_STRING", ""), STORE.declared_parameters(page))
    return None if query is None else (*page, query)


class AnonymousPageCacheMiddleware:
    """Fills the store, and answers from it where the WSGI wrapper is not in front (the test client)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.store = STORE

    def __call__(self, request):
        if not settings.FASTPATH_ENABLED:
            return self.get_response(request)
        page = page_key(request)
        if page is None:
            return self.get_response(request)
        version = request.content_version = content_version()
        if version is None:  # the shared cache is down: a copy could not be known to be fresh
            return self.get_response(request)
        query_string = request.META.get("QUERY_STRING", "")
        accept_encoding = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if page[1] is None:
            response = self.get_response(request)
            if (
                self.shareable(response)
                and query_part(query_string, getattr(response, "depends_on_query", None)) is not None
            ):
                return PageCopy(version, response).response(accept_encoding)
            return response
        query = query_part(query_string, self.store.declared_parameters(page))
        if query is not None:
            copy = self.store.get((*page, query), version)
            if copy is not None:
                return copy.response(accept_encoding)
        response = self.get_response(request)
        declared = getattr(response, "depends_on_query", None)
        if declared is not None:
            self.store.declare(page, declared)
            query = query_part(query_string, declared)
        if query is None:
            return response
        if self.shareable(response):
            # This visitor gets what the next ones will: the same bytes, compressed the same way.
            return self.store.put((*page, query), version, response).response(accept_encoding)
        self.store.discard((*page, query))
        return response

    @staticmethod
    def shareable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("CDN-Cache-Control", "").startswith("public")
        )


def stale_copy(request):
    """The last copy of this page this worker served, whatever its version or age, or None.

    Only for when the page cannot be rendered (the database is down): an old
    page is better than none for someone looking for a phone number.
    """
    key = request_key(request)
    copy = STORE.pages.get(key) if key else None
    return copy.response(request.META.get("HTTP_ACCEPT_ENCODING", "")) if copy else None


class FastPathApplication:
    """WSGI wrapper (wsgi.py): answers a stored page before Django's handler runs at all.

    Same rules and the same store as the middleware, read straight from the
    WSGI environ: no request object, no signals, no middleware. Anything it
    cannot decide cheaply (a forwarded host, a non-UTF-8 path) goes to Django.
    """

    def __init__(self, application):
        self.application = application

    def key_for(self, environ):
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("HTTP_COOKIE")
            or environ.get("HTTP_AUTHORIZATION")
            or settings.USE_X_FORWARDED_HOST
        ):
            return None
        try:
            path = environ.get("PATH_INFO", "/").encode("iso-8859-1").decode("utf-8") or "/"
        except UnicodeError:
            return None
        if path.startswith(excluded_prefixes()):
            return None
        scheme = environ.get("wsgi.url_scheme", "http")
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure_value = settings.SECURE_PROXY_SSL_HEADER
            forwarded = environ.get(header)
            if forwarded is not None:
                scheme = "https" if forwarded.split(",", 1)[0].strip() == secure_value else "http"
        if settings.SECURE_SSL_REDIRECT and scheme != "https":
            return None
        host = environ.get("HTTP_HOST")
        if not host:
            return None
        # The port Django's request.get_port() would say.
        if settings.USE_X_FORWARDED_PORT and "HTTP_X_FORWARDED_PORT" in environ:
            served_port = environ["HTTP_X_FORWARDED_PORT"]
        else:
            served_port = str(environ.get("SERVER_PORT", ""))
        host = plain_host(host, served_port)
        if host is None or not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
            return None
        page = (scheme, host, path)
        query = query_part(environ.get("QUERY_STRING", ""), STORE.declared_parameters(page))
        return None if query is None else (*page, query)

    def __call__(self, environ, start_response):
        if settings.FASTPATH_ENABLED:
            key = self.key_for(environ)
            version = content_version() if key is not None else None
            if version is not None:
                copy = STORE.get(key, version)
                if copy is not None:
                    headers, content = copy.variant(environ.get("HTTP_ACCEPT_ENCODING", ""))
                    start_response(copy.status_line, headers)
                    return [content]
        return self.application(environ, start_response)
