"""Browser tests: Chromium (Debian's, never a downloaded one) against a live gunicorn.

One server and one browser serve the whole folder (with pytest-xdist, each
worker that runs browser tests has its own; see pytest_collection_modifyitems):

* ``live_site`` builds a throwaway SQLite database (migrate + load_content),
  starts gunicorn on a free 127.0.0.1 port with production-like settings
  (DEBUG off, whitenoise's hashed static files) and lists the published pages
  from /sitemap.xml, plus one unknown path for the 404 page. When the suite
  runs on PostgreSQL and Redis (DATABASE_URL, REDIS_URL: `make test-postgres`),
  the live site uses them too: a throwaway database of its own on that server,
  dropped afterwards, and another Redis database than the test run's, which
  the suite empties around every test.
* ``browser`` is one headless Chromium, stopped when the worker's browser tests
  are done; ``context`` / ``page`` are fresh per test.

None of these tests touch the ORM or the pytest-django test database. In one
process this folder's tests run last, so the quick checks report first; with
pytest-xdist each group is one unit of work, and the largest units are handed
out first (xdist's --loadscope-reorder), so the long browser runs start at once
beside the quick checks instead of trailing after them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.redis_databases import redis_url

BROWSER_DIR = Path(__file__).resolve().parent
ROOT = BROWSER_DIR.parent.parent
BIN = Path(sys.executable).parent
if not (BIN / "gunicorn").exists():
    BIN = ROOT / ".venv" / "bin"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NOT_FOUND_PATH = "/no-such-page/"
SERVER_START_TIMEOUT = 30  # seconds
MANAGE_TIMEOUT = 180  # seconds, per management command
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


# --------------------------------------------------------------------------
# Collection: mark this folder's tests and run them last.
# --------------------------------------------------------------------------


def _in_this_folder(item) -> bool:
    try:
        return Path(str(item.path)).resolve().is_relative_to(BROWSER_DIR)
    except (OSError, ValueError):
        return False


# tryfirst: pytest-xdist's loadgroup reads the xdist_group marks in its own hook of this name, and
# this conftest, when loaded before xdist's worker plugin, was called after it: the marks came too late.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    ours, others = [], []
    for item in items:
        if _in_this_folder(item):
            item.add_marker(pytest.mark.browser)
            # With pytest-xdist (`make test`): two groups, each run by one worker with its own live
            # site and Chromium, so the two run side by side: what visitors see, and editors' journeys
            # (which change the content: never under the visitors' checks).
            visitors = item.get_closest_marker("same_on_every_database") is not None
            item.add_marker(pytest.mark.xdist_group("browser-visitors" if visitors else "browser-editors"))
            ours.append(item)
        else:
            others.append(item)
    # Stable: keep each group's own order, browser tests last in one process (see module docstring).
    items[:] = others + ours


# --------------------------------------------------------------------------
# The live site
# --------------------------------------------------------------------------


@dataclass
class LiveSite:
    base_url: str
    page_paths: list[str]  # every published page, from /sitemap.xml
    not_found_path: str = NOT_FOUND_PATH
    paths: list[str] = field(init=False)  # page_paths + the 404 path
    env: dict = field(default_factory=dict, repr=False)  # the server's environment (its database, cache)

    def __post_init__(self):
        self.paths = [*self.page_paths, self.not_found_path]

    def url(self, path: str) -> str:
        return self.base_url + path

    def expected_status(self, path: str) -> int:
        return 404 if path == self.not_found_path else 200

    @property
    def guide_part_paths(self) -> list[str]:
        """Pages below /guide/ (the parts); /guide/ itself is the whole guide on one page."""
        return [p for p in self.page_paths if p.startswith("/guide/") and p != "/guide/"]

    def open(self, page, path: str):
        """Load ``path`` in ``page`` and check the status is the one that page should have."""
        response = page.goto(self.url(path))
        assert response is not None, f"{path}: no response"
        expected = self.expected_status(path)
        assert response.status == expected, f"{path}: HTTP {response.status}, expected {expected}"
        return response


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _static_root() -> Path:
    return Path(os.environ.get("DJANGO_STATIC_ROOT") or ROOT / "staticfiles")


def _collected_static_is_current(static_root: Path) -> bool:
    """True if collectstatic has run and the project's own static files have not changed since."""
    if not (static_root / "staticfiles.json").is_file():
        return False
    source = ROOT / "static"
    for path in source.rglob("*"):
        if path.is_file():
            collected = static_root / path.relative_to(source)
            if not collected.is_file() or collected.read_bytes() != path.read_bytes():
                return False
    return True


def _run_manage(env: dict, *args: str, input: str | None = None) -> str:
    """``manage.py <args>`` for the site whose environment is ``env``; its output, or the test fails."""
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=MANAGE_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def _live_redis_url() -> str:
    """This worker's live site's database on the test run's Redis server, emptied first; "" without REDIS_URL."""
    live_url = redis_url(live_site=True)
    if not live_url:
        return ""
    import redis

    client = redis.Redis.from_url(live_url)
    try:
        client.flushdb()
    finally:
        client.close()
    return live_url


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory):
    """The live site's own database: a throwaway SQLite file, or on PostgreSQL when the suite runs there."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        yield f"sqlite:///{tmp_path_factory.mktemp('live_database') / 'db.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"live_site_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def throwaway_site_env(tmp: Path, **extra: str) -> dict:
    """One gunicorn worker, a throwaway SQLite database, an in-memory cache, gunicorn_conf.py's own logging."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeguarding_site.settings",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "REDIS_URL": "",
        "DJANGO_CACHE": "locmem",
        "GUNICORN_WORKERS": "1",
    }
    for name in (
        "GUNICORN_ACCESS_LOG",
        "GUNICORN_ACCESS_LOG_FORMAT",
        "GUNICORN_MAX_REQUESTS",
        "DJANGO_TRUSTED_PROXIES",
    ):
        env.pop(name, None)
    return {**env, **extra}


def _site_env(tmp: Path, static_root: Path, database_url: str) -> dict:
    redis_url = _live_redis_url()
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safeguarding_site.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            "DATABASE_URL": database_url,
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on the loopback. A cache shared by both workers (Redis,
            # or files in the throwaway folder), as in production: a page published
            # through one worker must be what the other serves next.
            "DJANGO_HTTPS": "0",
            "DJANGO_BEHIND_PROXY": "0",
            "REDIS_URL": redis_url,
            "DJANGO_CACHE": f"file:{tmp / 'cache'}",
            "GUNICORN_WORKERS": "2",
            "PYTHONUNBUFFERED": "1",
        }
    )
    for name in ("GUNICORN_BIND", "GUNICORN_ACCESS_LOG", "GUNICORN_ACCESS_LOG_FORMAT"):
        env.pop(name, None)
    return env


def _wait_until_serving(proc: subprocess.Popen, base_url: str) -> str | None:
    """Wait for the server to answer; return None when it does, or the reason it did not."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return f"gunicorn exited with code {proc.returncode}"
        try:
            with urllib.request.urlopen(base_url + "/robots.txt", timeout=2) as response:
                if response.status == 200:
                    return None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    return f"gunicorn did not answer within {SERVER_START_TIMEOUT} s"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def start_gunicorn(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """The site under gunicorn on a free 127.0.0.1 port, answering; fails the test with its output if not."""
    proc = None
    failure = None
    for _attempt in range(3):  # another process may grab the free port before gunicorn binds it
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server_env = {**env, "PORT": str(port), "GUNICORN_BIND": f"127.0.0.1:{port}"}
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "safeguarding_site/gunicorn_conf.py", "safeguarding_site.wsgi"],
                cwd=ROOT,
                env=server_env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        failure = _wait_until_serving(proc, base_url)
        if failure is None:
            return proc, base_url
        _stop(proc)
        if "Address already in use" not in log.read_text(errors="replace"):
            break
    pytest.fail(f"{failure}. Server output:\n{log.read_text(errors='replace')}", pytrace=False)


def _sitemap_paths(base_url: str) -> list[str]:
    with urllib.request.urlopen(base_url + "/sitemap.xml", timeout=10) as response:
        tree = ET.fromstring(response.read())
    paths = []
    for loc in tree.iterfind("sm:url/sm:loc", SITEMAP_NS):
        parts = urlsplit(loc.text.strip())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, live_database_url):
    if not (BIN / "gunicorn").exists():
        pytest.fail(f"gunicorn not found in {BIN}: run `make install-dev`", pytrace=False)
    tmp = tmp_path_factory.mktemp("live_site")
    static_root = _static_root()
    env = _site_env(tmp, static_root, live_database_url)

    # `make test` collects static files just before pytest; only collect again if that
    # has not happened or the project's static files have changed since.
    if not _collected_static_is_current(static_root):
        _run_manage(env, "collectstatic", "--noinput", "-v0")
    _run_manage(env, "migrate", "--noinput")
    _run_manage(env, "load_content")

    proc, base_url = start_gunicorn(env, tmp / "gunicorn.log")

    try:
        page_paths = _sitemap_paths(base_url)
        assert "/" in page_paths, f"the home page is not in /sitemap.xml: {page_paths}"
        assert len(page_paths) > 1, f"/sitemap.xml lists too few pages: {page_paths}"
        yield LiveSite(base_url=base_url, page_paths=page_paths, env=env)
    finally:
        _stop(proc)


# --------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------


class Chromium:
    """One headless Chromium, launched when a browser test needs it and stopped when this
    worker's run of browser tests ends (pytest_runtest_teardown below).

    Playwright's sync API keeps an asyncio event loop running in this thread while it is
    started, and Django refuses database work while one runs (SynchronousOnlyOperation):
    left running, it failed the tests the worker runs after its browser group.
    """

    def __init__(self):
        self.playwright = self.browser = None

    def get(self):
        if self.browser is None:
            if not shutil.which(CHROMIUM):
                pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)", pytrace=False)
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            try:
                self.browser = self.playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
            except BaseException:
                self.stop()
                raise
        return self.browser

    def stop(self):
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            self.browser = None
            if self.playwright is not None:
                self.playwright.stop()
                self.playwright = None


chromium = Chromium()


@pytest.hookimpl(trylast=True)  # after pytest has torn down the fixtures this test leaves behind
def pytest_runtest_teardown(item, nextitem):
    if _in_this_folder(item) and (nextitem is None or not _in_this_folder(nextitem)):
        chromium.stop()


def pytest_sessionfinish(session):
    chromium.stop()


# Module-scoped: a module after a stop gets a new Chromium (its tests' pages and contexts
# are function- or module-scoped, so none outlives the browser they came from).
@pytest.fixture(scope="module")
def browser():
    return chromium.get()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def new_page(browser):
    """new_page() -> a page in a fresh browser context of its own (its own cookies)."""
    contexts = []

    def make():
        context = browser.new_context()
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
