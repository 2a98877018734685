"""Checks web addresses over HTTP(S): concurrently, politely, and with plain-words results.

The standard library only (urllib, a thread pool): each request is small (HEAD,
or a GET whose body is never read), so threads are enough. No cookie handler,
so no cookie is kept; redirects are followed here, one hop at a time, so that
each hop is checked for its scheme, counted and held to the per-host limit.
"""

import http.client
import socket
import ssl
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import (
    HTTPDefaultErrorHandler,
    HTTPErrorProcessor,
    HTTPHandler,
    HTTPSHandler,
    OpenerDirector,
    ProxyHandler,
    Request,
)

from django.conf import settings
from django.utils.encoding import iri_to_uri

from .models import CheckedLink

WEB_SCHEMES = {"http", "https"}
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
# A HEAD answered with one of these is retried with GET: some servers refuse HEAD
# (405, 501) or answer it wrongly; 404 and 410 are an answer about the page itself.
DEFINITE = {404, 410}

DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8
PER_HOST = 2
MAX_REDIRECTS = 5


@dataclass
class LinkResult:
    """What checking one address found."""

    url: str
    result: str  # CheckedLink.OK, REDIRECTED or BROKEN
    status_code: int | None = None
    final_url: str = ""
    moved_for_good: bool = False
    problem: str = ""

    @property
    def broken(self):
        return self.result == CheckedLink.BROKEN

    @property
    def in_words(self):
        return CheckedLink(
            result=self.result, final_url=self.final_url, moved_for_good=self.moved_for_good, problem=self.problem
        ).in_words


class OutOfTime(Exception):
    """The check's time ran out before this address was checked."""


def user_agent():
    return f"{settings.SITE_NAME} link checker (https://{settings.SITE_DOMAIN}/)"


def status_in_words(status):
    if status == 404:
        return "the page was not found (HTTP 404)"
    if status == 410:
        return "the page has been taken down (HTTP 410)"
    if status in (401, 403):
        return f"the site would not show the page to the checker (HTTP {status}); try it in a browser"
    if status == 429:
        return "the site asked the checker to slow down (HTTP 429); it will try again next time"
    if status >= 500:
        return f"the site had a fault (HTTP {status})"
    return f"the site refused the request (HTTP {status})"


def error_in_words(error, timeout):
    """A connection error as an editor would say it."""
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, TimeoutError):
        return f"did not answer within {timeout:g} seconds"
    if isinstance(reason, ssl.SSLCertVerificationError):
        if "expired" in (reason.verify_message or ""):
            return "its security certificate has expired"
        return "its security certificate is not valid"
    if isinstance(reason, ssl.SSLError):
        return "it could not make a secure (https) connection"
    if isinstance(reason, socket.gaierror):
        return "the address does not exist"
    if isinstance(reason, ConnectionRefusedError):
        return "the site refused to connect"
    if isinstance(reason, ConnectionResetError):  # http.client.RemoteDisconnected too
        return "the site closed the connection without answering"
    if isinstance(reason, http.client.HTTPException):
        return "the site's answer could not be understood"
    if isinstance(reason, ValueError | UnicodeError):
        return "the address is not written correctly"
    return "the site could not be reached"


class Checker:
    """Checks many addresses: at most ``workers`` requests at once, and ``per_host`` to any one host."""

    def __init__(
        self,
        timeout=DEFAULT_TIMEOUT,
        workers=DEFAULT_WORKERS,
        per_host=PER_HOST,
        max_redirects=MAX_REDIRECTS,
        max_seconds=None,
    ):
        self.timeout = timeout
        self.workers = workers
        self.max_redirects = max_redirects
        self.max_seconds = max_seconds
        self.deadline = None
        self.host_slots = defaultdict(lambda: threading.BoundedSemaphore(per_host))
        self.slots_lock = threading.Lock()
        # Only these handlers: no cookies, no redirects followed behind our back, no file: or ftp:.
        self.opener = OpenerDirector()
        for handler in (
            ProxyHandler(),  # the environment's proxy settings, as any tool on the server would use
            HTTPHandler(),
            HTTPSHandler(context=ssl.create_default_context()),
            HTTPDefaultErrorHandler(),
            HTTPErrorProcessor(),
        ):
            self.opener.add_handler(handler)
        self.headers = {"User-Agent": user_agent(), "Accept": "text/html,*/*;q=0.5"}

    def slot(self, url):
        parts = urlsplit(url)
        key = (parts.hostname or "", parts.port)
        with self.slots_lock:
            return self.host_slots[key]

    def request_timeout(self):
        if self.deadline is None:
            return self.timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise OutOfTime
        return min(self.timeout, left)

    def ask(self, url, method):
        """(status, Location header or None) for one request; raises on a connection error."""
        request = Request(iri_to_uri(url), method=method, headers=self.headers)
        with self.slot(url):
            timeout = self.request_timeout()
            try:
                with self.opener.open(request, timeout=timeout) as response:
                    return response.status, None  # the body is never read
            except HTTPError as error:
                error.close()
                return error.code, error.headers.get("Location")

    def answer(self, url):
        status, location = self.ask(url, "HEAD")
        if status >= 400 and status not in DEFINITE:
            status, location = self.ask(url, "GET")
        return status, location

    def check(self, url):
        """A LinkResult for ``url``, or None when the time ran out first."""
        if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
            return LinkResult(url, CheckedLink.BROKEN, problem="it is not a web address")
        current, seen, permanent = url, {url}, True
        try:
            for _hop in range(self.max_redirects + 1):
                try:
                    status, location = self.answer(current)
                except (OSError, http.client.HTTPException, ValueError) as error:
                    if self.deadline is not None and time.monotonic() >= self.deadline:
                        return None  # cut short by the time limit: not the site's fault
                    moved = current if current != url else ""
                    return LinkResult(
                        url, CheckedLink.BROKEN, final_url=moved, problem=error_in_words(error, self.timeout)
                    )
                if status in REDIRECTS and location:
                    target = urljoin(current, location.strip())
                    if urlsplit(target).scheme.lower() not in WEB_SCHEMES:
                        problem = "it sends visitors to a non-web address"
                        return LinkResult(url, CheckedLink.BROKEN, status, problem=problem)
                    if target in seen:
                        return LinkResult(url, CheckedLink.BROKEN, status, problem="it sends visitors round in a loop")
                    permanent = permanent and status in PERMANENT
                    seen.add(target)
                    current = target
                    continue
                moved = current if current != url else ""
                if 200 <= status < 300:
                    if moved:
                        return LinkResult(url, CheckedLink.REDIRECTED, status, moved, moved_for_good=permanent)
                    return LinkResult(url, CheckedLink.OK, status)
                return LinkResult(url, CheckedLink.BROKEN, status, moved, problem=status_in_words(status))
        except OutOfTime:
            return None
        return LinkResult(
            url,
            CheckedLink.BROKEN,
            final_url=current,
            problem=f"it sends visitors on more than {self.max_redirects} times",
        )

    def check_all(self, urls):
        """{url: LinkResult} for each address checked in time (the rest are left out)."""
        urls = list(dict.fromkeys(urls))
        if not urls:
            return {}
        self.deadline = None if self.max_seconds is None else time.monotonic() + self.max_seconds
        with ThreadPoolExecutor(max_workers=min(self.workers, len(urls)), thread_name_prefix="check-links") as pool:
            results = pool.map(self.check, spread_by_host(urls))
            return {result.url: result for result in results if result is not None}


def spread_by_host(urls):
    """The addresses taking hosts in turn, so the workers rarely all wait on one host's limit."""
    by_host = defaultdict(list)
    for url in urls:
        by_host[urlsplit(url).hostname].append(url)
    queues = list(by_host.values())
    spread = []
    for index in range(max(len(queue) for queue in queues)):
        spread.extend(queue[index] for queue in queues if index < len(queue))
    return spread
