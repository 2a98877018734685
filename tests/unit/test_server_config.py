"""The app server's configuration: what the access log keeps, and its bounds."""

import importlib
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from gunicorn.config import Config

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = [
    pytest.mark.same_on_every_database,
    # One worker runs this module, so its gunicorn (a throwaway database, migrated and loaded:
    # ~4 s) starts once; spread over two workers it started twice.
    pytest.mark.xdist_group("server-config"),
]

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN_MAX_REQUEST_LINE = 8190  # gunicorn.http.message.MAX_REQUEST_LINE: a larger setting counts as this
FORMAT_ITEMS_THAT_IDENTIFY_A_VISITOR = ["%(h)s", "%(a)s", "%(f)s", "%({x-forwarded-for}i)s", "%(u)s"]


@pytest.fixture
def gunicorn_conf(monkeypatch):
    def load(**env):
        for name in [
            "GUNICORN_ACCESS_LOG_FORMAT",
            "PORT",
            "GUNICORN_BIND",
            "DJANGO_BEHIND_PROXY",
            "DJANGO_TRUSTED_PROXIES",
        ]:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        import safeguarding_site.gunicorn_conf as module

        return importlib.reload(module)

    return load


def test_access_log_keeps_no_address_or_user_agent_by_default(gunicorn_conf):
    conf = gunicorn_conf()
    for item in FORMAT_ITEMS_THAT_IDENTIFY_A_VISITOR:
        assert item not in conf.access_log_format
    assert "%(U)s" in conf.access_log_format  # the path, without the query string (searches)
    assert "%(s)s" in conf.access_log_format


def test_operators_can_choose_another_log_format(gunicorn_conf):
    conf = gunicorn_conf(GUNICORN_ACCESS_LOG_FORMAT='%(h)s "%(r)s" %(s)s')
    assert conf.access_log_format.startswith("%(h)s")


@pytest.mark.parametrize(
    ("environ", "allowed"),
    [
        ({}, ""),
        ({"DJANGO_BEHIND_PROXY": "1"}, "127.0.0.1/32,::1/128"),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "10.0.0.0/24,10.0.1.5"}, "10.0.0.0/24,10.0.1.5/32"),
    ],
)
def test_only_the_sites_trusted_proxies_may_tell_gunicorn_the_scheme(gunicorn_conf, environ, allowed):
    """The same proxies the sign-in lock-out trusts; nobody when none is in front (gunicorn's default: 127.0.0.1)."""
    conf = gunicorn_conf(**environ)
    assert conf.forwarded_allow_ips == allowed
    assert conf.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}
    assert conf.forwarder_headers == ""
    config = Config()  # gunicorn takes these values as they are
    config.set("forwarded_allow_ips", conf.forwarded_allow_ips)
    config.set("forwarder_headers", conf.forwarder_headers)
    assert config.forwarder_headers == []


def test_serves_on_loopback_and_bounds_requests(gunicorn_conf):
    conf = gunicorn_conf(PORT="8123")
    assert conf.bind == "127.0.0.1:8123"
    assert conf.limit_request_line <= 8190
    assert conf.control_socket_disable is True


def test_request_lines_up_to_gunicorns_maximum_reach_the_site(gunicorn_conf):
    """gunicorn's default (4094) would answer a long shared link with its own bare page."""
    assert gunicorn_conf().limit_request_line == GUNICORN_MAX_REQUEST_LINE


def test_the_preloaded_app_opens_no_connection_before_workers_fork(gunicorn_conf, tmp_path):
    """preload_app: the master imports the site, then forks workers. A database or
    cache connection opened during that import would be one socket shared by every
    worker; nothing may connect until a worker handles its first request."""
    assert gunicorn_conf().preload_app is True
    script = (
        "import safeguarding_site.wsgi\n"
        "from django.core.cache import caches\n"
        "from django.db import connections\n"
        "print([alias for alias in connections if connections[alias].connection is not None],"
        " [alias for alias in caches.settings if hasattr(caches._connections, alias)])\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "0",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"


def raw_get(base_url, target, headers="", source="127.0.0.1", host_header="127.0.0.1"):
    """(status, body) for ``GET target HTTP/1.1``, sent byte for byte as written, from loopback address ``source``."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10, source_address=(source, 0)) as sock:
        request = f"GET {target} HTTP/1.1\r\nHost: {host_header}\r\n{headers}Connection: close\r\n\r\n"
        sock.sendall(request.encode("ascii"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


@dataclass
class GunicornSite:
    base_url: str
    log: Path  # gunicorn's output: its access and error logs, and Django's log

    def log_after(self, offset, until, timeout=10):
        """The log written since byte ``offset``, once it contains ``until`` (or the timeout passes)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.log.read_bytes()[offset:].decode("utf-8", "replace")
            if until in text or time.monotonic() > deadline:
                return text
            time.sleep(0.05)


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory):
    """The site under gunicorn with gunicorn_conf.py, one worker, on a throwaway database with the starting content."""
    from tests.browser.conftest import _run_manage, _stop, start_gunicorn, throwaway_site_env  # shared start-up

    tmp = tmp_path_factory.mktemp("gunicorn")
    # As in production, behind the nginx on this machine.
    env = throwaway_site_env(tmp, DJANGO_BEHIND_PROXY="1")
    _run_manage(env, "migrate", "--noinput")  # start_gunicorn waits for /robots.txt, which reads the database
    _run_manage(env, "load_content")
    proc, base_url = start_gunicorn(env, tmp / "gunicorn.log")
    try:
        yield GunicornSite(base_url, tmp / "gunicorn.log")
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def gunicorn_url(gunicorn_site):
    return gunicorn_site.base_url


def target_for_request_line_of(length, prefix):
    """A request target making ``GET <target> HTTP/1.1`` exactly ``length`` bytes long."""
    return prefix + "a" * (length - len("GET  HTTP/1.1") - len(prefix))


@pytest.mark.parametrize("prefix", ["/?utm_source=", "/guide/"])
@pytest.mark.parametrize("length", [4095, 6000, GUNICORN_MAX_REQUEST_LINE])
def test_a_long_request_line_gets_the_sites_414_page(gunicorn_url, prefix, length):
    """Past DJANGO_MAX_PATH_LENGTH / DJANGO_MAX_QUERY_STRING_LENGTH, up to gunicorn's most."""
    status, body = raw_get(gunicorn_url, target_for_request_line_of(length, prefix))
    assert status == 414
    assert "That web address is too long" in body
    assert 'href="tel:999"' in body
    assert "exit-this-page__button" in body


def test_a_request_line_beyond_gunicorns_maximum_gets_gunicorns_own_bare_414(gunicorn_url):
    """The documented limit: past 8190 bytes, gunicorn answers before the site can (no exit control)."""
    status, body = raw_get(gunicorn_url, target_for_request_line_of(GUNICORN_MAX_REQUEST_LINE + 1, "/?q="))
    assert status == 414
    assert "<title>URI Too Long</title>" in body
    assert "tel:999" not in body


def sitemap_scheme(base_url, source):
    """The scheme robots.txt's Sitemap line is written with, for a request saying X-Forwarded-Proto: https."""
    status, body = raw_get(base_url, "/robots.txt", headers="X-Forwarded-Proto: https\r\n", source=source)
    assert status == 200
    return body.split("Sitemap: ", 1)[1].split("://", 1)[0]


def test_only_the_proxy_can_say_a_request_came_over_https(gunicorn_url):
    """DJANGO_BEHIND_PROXY=1: nginx (127.0.0.1) is believed; a client at 127.0.0.2 talking to gunicorn is not."""
    assert sitemap_scheme(gunicorn_url, "127.0.0.1") == "https"
    assert sitemap_scheme(gunicorn_url, "127.0.0.2") == "http"


def test_a_bad_host_costs_one_line_in_the_log(gunicorn_site):
    """It was a 14-line traceback (Python's last-resort handler), for a request anyone can send."""
    offset = gunicorn_site.log.stat().st_size
    status, body = raw_get(gunicorn_site.base_url, "/", host_header="evil.example")
    assert status == 400
    assert 'href="tel:999"' in body
    log = gunicorn_site.log_after(offset, until='"GET / HTTP/1.1" 400')
    assert "Traceback" not in log
    warnings = [line for line in log.splitlines() if "Invalid HTTP_HOST header: 'evil.example'" in line]
    assert len(warnings) == 1, log
    assert warnings[0].startswith("ERROR django.security.DisallowedHost: ")
    assert len(log.splitlines()) == 2, log  # that line and the access log's


def navigation_links(body):
    return re.findall(r'(?:href|action)="([^"]*)"', body)


def test_a_script_name_header_changes_no_link_and_no_stored_page(gunicorn_site):
    """Sent straight to gunicorn from loopback, it once put every link on /accessibility/ under /evil/, for 300 s.

    The first request for each page here carries the header, as an attacker's would after
    a publish: the page it renders is the one stored for everyone.
    """
    for page in ["/accessibility/", "/sitemap.xml"]:
        status, body = raw_get(gunicorn_site.base_url, f"/evil{page}", headers="SCRIPT_NAME: /evil\r\n")
        assert status in (200, 301, 404)  # 301: /evil/sitemap.xml, Django adding a slash to a path it has not
        assert status == 301 or "/evil" not in body
        status, body = raw_get(gunicorn_site.base_url, page, headers="SCRIPT_NAME: /evil\r\n")
        assert status == 200
        assert "/evil" not in body
        for _ in range(2):  # rendered, then the stored copy
            status, clean = raw_get(gunicorn_site.base_url, page)
            assert status == 200
            assert "/evil" not in clean
            assert clean == body
        if page == "/accessibility/":
            assert "/using-this-site-safely/" in navigation_links(clean)
