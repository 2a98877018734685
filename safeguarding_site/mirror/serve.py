"""Answer visitors from the mirror's files before Django's handler runs (wsgi.py), where nginx does not.

A GET or HEAD with no cookie, no Authorization, and no query string but the
tracking parameters no page reads, on the host and scheme the mirror was built
for, whose path the mirror holds: the page's file as it was written, with the
headers Django sent for it, in br, gzip or as it is (Accept-Encoding), and an
ETag. Everything else goes to Django, as does any request the mirror cannot
answer (none built, a file missing). Paths are looked up in the build's list
of pages, never joined to a folder, so no request can name a file outside it.
Nothing here reads the database or the cache: pages keep coming while both
are down.
"""

import json
import logging
import os
from http import HTTPStatus
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http.request import split_domain_port, validate_host

from safeguarding_site.pages.input import query_string_malformed, query_string_too_long
from safeguarding_site.pages.tracking import is_tracking_parameter

from .build import BUILDS, CURRENT, MANIFEST, enabled, mirror_storage

log = logging.getLogger(__name__)
IDENTITY, GZIP, BROTLI = "identity", "gzip", "br"


def preferred_encoding(accept_encoding):
    """br, then gzip, then identity, as the Accept-Encoding header allows (q=0 refuses a coding)."""
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


def only_tracking_parameters(query_string):
    if not query_string:
        return True
    if query_string_too_long(query_string) or query_string_malformed(query_string):
        return False
    return all(is_tracking_parameter(name) for name, _value in parse_qsl(query_string, keep_blank_values=True))


class LoadedBuild:
    """One build's list of pages, and its files as they are read (a build never changes once switched to)."""

    def __init__(self, folder):
        self.folder = folder
        with open(os.path.join(folder, MANIFEST), "rb") as manifest:
            self.manifest = json.load(manifest)
        self.files = {}

    def read(self, name):
        content = self.files.get(name)
        if content is None:
            path = os.path.realpath(os.path.join(self.folder, name))
            if not path.startswith(self.folder + os.sep):
                raise ValueError(f"{name} is outside the build")
            with open(path, "rb") as file:
                content = self.files[name] = file.read()
        return content


class CurrentBuild:
    """This process's copy of the build "current" points at, reloaded when it moves."""

    def __init__(self):
        self.loaded = None

    def get(self):
        """The LoadedBuild, or None: no mirror, or one this process does not read (an object store)."""
        if not enabled():
            return None
        storage = mirror_storage()
        if not isinstance(storage, FileSystemStorage):
            return None  # an object store is served by its CDN (docs/mirror.md)
        root = os.path.realpath(storage.location)
        try:
            folder = os.path.realpath(os.path.join(root, os.readlink(os.path.join(root, CURRENT))))
        except OSError:
            return None
        if os.path.dirname(folder) != os.path.join(root, BUILDS):
            return None
        if self.loaded is None or self.loaded.folder != folder:
            self.loaded = LoadedBuild(folder)
        return self.loaded


current_build = CurrentBuild()


def saved_not_found_page():
    """The mirror's 404 page as it was written (not compressed), or None when there is no such build."""
    build = current_build.get()
    entry = build.manifest["errors"].get("404") if build is not None else None
    return build.read(entry["files"][IDENTITY]) if entry is not None else None


class MirrorApplication:
    """WSGI wrapper: the mirror's answer when it has one, else the wrapped application's."""

    def __init__(self, application):
        self.application = application

    def page(self, environ, build):
        """The build's entry for this request, or None when Django must answer it."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if environ.get("HTTP_COOKIE") or environ.get("HTTP_AUTHORIZATION") or environ.get("SCRIPT_NAME"):
            return None
        if settings.USE_X_FORWARDED_HOST or settings.SECURE_PROXY_SSL_HEADER:
            return None  # the host or scheme would come from headers: Django decides
        if not only_tracking_parameters(environ.get("QUERY_STRING", "")):
            return None
        manifest = build.manifest
        host = environ.get("HTTP_HOST", "")
        if host.lower() != manifest["host"].lower() or environ.get("wsgi.url_scheme") != manifest["scheme"]:
            return None
        domain, _port = split_domain_port(host)
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            return None
        try:
            path = environ.get("PATH_INFO", "").encode("iso-8859-1").decode("utf-8")
        except UnicodeError:
            return None
        return manifest["pages"].get(path)

    def answer(self, environ):
        build = current_build.get()
        entry = self.page(environ, build) if build is not None else None
        if entry is None:
            return None
        coding = preferred_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        content = build.read(entry["files"][coding])
        tag = entry["etags"][coding]
        headers = [(name, value) for name, value in entry["headers"]]
        headers.append(("ETag", tag))
        wanted = [item.strip() for item in environ.get("HTTP_IF_NONE_MATCH", "").split(",")]
        if entry["status"] == 200 and (tag in wanted or "*" in wanted):
            headers = [(name, value) for name, value in headers if name.lower() != "content-type"]
            return "304 Not Modified", headers, b""
        if coding != IDENTITY:
            headers.append(("Content-Encoding", coding))
        headers.append(("Content-Length", str(len(content))))
        status = f"{entry['status']} {HTTPStatus(entry['status']).phrase}"
        return status, headers, b"" if environ.get("REQUEST_METHOD") == "HEAD" else content

    def __call__(self, environ, start_response):
        try:
            answer = self.answer(environ)
        except Exception:  # noqa: BLE001 - a broken mirror must not stop Django answering
            log.exception("The mirror could not answer %s; Django will", environ.get("PATH_INFO"))
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]
