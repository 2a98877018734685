"""Build the mirror: every public page rendered as a visitor gets it, written as files (docs/mirror.md)."""

import contextlib
import gzip
import hashlib
import json
import logging
import os
import posixpath
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import brotli
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.test import Client
from django.utils import translation

from safeguarding_site.directory.sitemaps import filter_paths as directory_filter_paths

log = logging.getLogger(__name__)

STORAGE_ALIAS = "mirror"
BUILDS = "builds"
CURRENT = "current"
MANIFEST = "headers.json"
LOCK = ".lock"
SITE = "site"  # nginx's root: the pages, under the paths visitors ask for
ERRORS = "errors"  # for nginx's error_page; never answered as a page of their own
SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# No page has this address: its answer is the site's 404 page, as nginx will send it.
NOT_FOUND_PATH = "/mirror-page-not-found/"
# In the environ of the requests a build makes (no HTTP_ prefix, so no client can send it):
# the 404 page is rendered for the build, not taken from the build before (pages/views.py).
RENDERING = "safeguarding_site.mirror.rendering"


class MirrorBuildError(Exception):
    """A page could not be rendered: the build is abandoned and the current mirror stays."""


@dataclass
class BuildReport:
    build_id: str
    pages: list = field(default_factory=list)  # [(path, status, bytes as sent uncompressed)]
    files: int = 0
    bytes_written: int = 0
    seconds: float = 0.0


def enabled():
    return STORAGE_ALIAS in settings.STORAGES


def mirror_storage(directory=None):
    """The "mirror" storage (STORAGES), or the file system at ``directory`` when one is given."""
    if directory is not None:
        return FileSystemStorage(location=os.fspath(directory))
    return storages[STORAGE_ALIAS]


def mirror_host():
    return settings.MIRROR_HOST


def mirror_scheme():
    return "https" if settings.HTTPS else "http"


def file_name(path):
    """Where the page for a URL path goes under site/: what `try_files $uri $uri/index.html` finds."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return relative


def sitemap_paths(content):
    """The paths of every address /sitemap.xml lists on this host."""
    paths = []
    for location in ElementTree.fromstring(content).iter(f"{SITEMAP_NAMESPACE}loc"):
        address = urlsplit(location.text.strip())
        if address.netloc.lower() == mirror_host().lower() and address.path.startswith("/") and not address.query:
            paths.append(unquote(address.path))
    return paths


def etag(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def with_vary_accept_encoding(headers):
    vary = [item.strip() for name, value in headers if name.lower() == "vary" for item in value.split(",")]
    vary = [item for item in vary if item]
    if "accept-encoding" not in {item.lower() for item in vary}:
        vary.append("Accept-Encoding")
    return [(name, value) for name, value in headers if name.lower() != "vary"] + [("Vary", ", ".join(vary))]


class Renderer:
    """Django's whole request handling, as an anonymous visitor without cookies gets each page."""

    def __init__(self):
        # django.test.Client: the documented way to run a request through every middleware
        # in this process. A 500 comes back as a response (raise_request_exception=False).
        self.client = Client(raise_request_exception=False, HTTP_HOST=mirror_host(), **{RENDERING: "1"})

    def get(self, path):
        self.client.cookies.clear()  # every request is a first visit
        return self.client.get(path, secure=mirror_scheme() == "https")


class Build:
    def __init__(self, storage):
        self.storage = storage
        self.report = BuildReport(build_id=datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + uuid.uuid4().hex[:8])
        self.folder = f"{BUILDS}/{self.report.build_id}"
        self.manifest = {
            "host": mirror_host(),
            "scheme": mirror_scheme(),
            "built_at": datetime.now(UTC).isoformat(),
            "pages": {},
            "errors": {},
        }

    def save(self, name, content):
        saved = self.storage.save(f"{self.folder}/{name}", ContentFile(content))
        self.report.files += 1
        self.report.bytes_written += len(content)
        return posixpath.relpath(saved.replace(os.sep, "/"), self.folder)

    def add(self, section, key, name, response):
        """Write one response and its compressed copies; record its status, headers and files."""
        if response.status_code >= 500:
            raise MirrorBuildError(f"{key} answered {response.status_code}: the mirror was not changed")
        body = response.content
        headers = with_vary_accept_encoding(
            [(header, value) for header, value in response.items() if header.lower() != "content-length"]
        )
        variants = {
            "identity": body,
            "gzip": gzip.compress(body, compresslevel=9, mtime=0),
            "br": brotli.compress(body, quality=settings.MIRROR_BROTLI_QUALITY),
        }
        suffixes = {"identity": "", "gzip": ".gz", "br": ".br"}
        files = {coding: self.save(name + suffixes[coding], content) for coding, content in variants.items()}
        self.manifest[section][key] = {
            "status": response.status_code,
            "headers": headers,
            "files": files,
            "etags": {coding: etag(content) for coding, content in variants.items()},
        }
        self.report.pages.append((key, response.status_code, len(body)))

    def run(self, renderer):
        sitemap = renderer.get("/sitemap.xml")
        if sitemap.status_code != 200:
            raise MirrorBuildError(f"/sitemap.xml answered {sitemap.status_code}: the mirror was not changed")
        # The directory's filter pages are not in the sitemap (directory/sitemaps.py), so named here.
        paths = list(dict.fromkeys(["/", *sitemap_paths(sitemap.content), *directory_filter_paths()]))
        for path in paths:
            response = renderer.get(path)
            if response.status_code >= 500:
                raise MirrorBuildError(f"{path} answered {response.status_code}: the mirror was not changed")
            if not self.mirrorable(path, response):
                continue
            self.add("pages", path, f"{SITE}/{file_name(path)}", response)
        self.add("pages", "/sitemap.xml", f"{SITE}/sitemap.xml", sitemap)
        self.add("pages", "/robots.txt", f"{SITE}/robots.txt", renderer.get("/robots.txt"))
        not_found = renderer.get(NOT_FOUND_PATH)
        if not_found.status_code != 404:
            raise MirrorBuildError(f"{NOT_FOUND_PATH} answered {not_found.status_code}, not the 404 page")
        self.add("errors", "404", f"{ERRORS}/404.html", not_found)
        self.save(MANIFEST, json.dumps(self.manifest, indent=1, sort_keys=True).encode())

    @staticmethod
    def mirrorable(path, response):
        """Only what every visitor may be given: a 200 that sets no cookie and that the site lets others share."""
        if response.status_code != 200 or response.cookies or response.streaming:
            log.warning("Mirror: %s left out (status %s, or it sets a cookie)", path, response.status_code)
            return False
        return not response.get("CDN-Cache-Control", "").startswith("no-store")


@contextlib.contextmanager
def build_lock(storage):
    """One build at a time per mirror, across processes (and instances sharing its volume)."""
    if not isinstance(storage, FileSystemStorage):
        yield  # an object store needs a lock of its own: docs/mirror.md
        return
    import fcntl

    os.makedirs(storage.location, exist_ok=True)
    with open(storage.path(LOCK), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def current_build(storage):
    """The id of the build visitors are served, or None."""
    if isinstance(storage, FileSystemStorage):
        try:
            return posixpath.basename(os.readlink(storage.path(CURRENT)))
        except OSError:
            return None
    if not storage.exists(CURRENT):
        return None
    with storage.open(CURRENT) as pointer:
        return pointer.read().decode().strip()


def switch(storage, build_id):
    """Point "current" at a finished build, in one step."""
    if isinstance(storage, FileSystemStorage):
        # A symlink, because nginx's root must be a path: it resolves current/ on each
        # request, and os.replace swaps the link with one rename(2), so every reader
        # sees the old build or the new one, never a mix.
        temporary = storage.path(f"{CURRENT}.{build_id}.tmp")
        os.symlink(f"{BUILDS}/{build_id}", temporary)
        os.replace(temporary, storage.path(CURRENT))
        return
    # An object store: "current" is a small object naming the build, overwritten in one
    # PUT (a backend that replaces on save); the CDN edge reads it (docs/mirror.md).
    storage.delete(CURRENT)
    storage.save(CURRENT, ContentFile(build_id.encode()))


def remove_tree(storage, name):
    directories, files = storage.listdir(name)
    for directory in directories:
        remove_tree(storage, f"{name}/{directory}")
    for file in files:
        storage.delete(f"{name}/{file}")
    if isinstance(storage, FileSystemStorage):
        storage.delete(name)  # the empty folder (an object store has none)


def remove_old_builds(storage, keep):
    if not storage.exists(BUILDS):
        return
    for build_id in storage.listdir(BUILDS)[0]:
        if build_id not in keep:
            remove_tree(storage, f"{BUILDS}/{build_id}")


@contextlib.contextmanager
def visitor_request_state():
    """Leave the caller's own request (a Publisher's) in its language: django CMS activates the page's."""
    language = translation.get_language()
    try:
        yield
    finally:
        if language:
            translation.activate(language)
        else:
            translation.deactivate()


def build(storage=None):
    """Render every public page into a new build, then switch to it; the build before stays, older ones go."""
    storage = storage if storage is not None else mirror_storage()
    started = time.perf_counter()
    with build_lock(storage), visitor_request_state():
        job = Build(storage)
        try:
            job.run(Renderer())
        except BaseException:
            with contextlib.suppress(Exception):
                remove_tree(storage, job.folder)
            raise
        previous = current_build(storage)
        switch(storage, job.report.build_id)
        remove_old_builds(storage, keep={job.report.build_id, previous})
    job.report.seconds = time.perf_counter() - started
    return job.report
