"""Shared fixtures: production-like settings, collected static files, loaded content."""

import io

import pytest
from cms.models import Page
from cms.signals.apphook import DISPATCH_UID as CMS_RESTART
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.core.signals import request_finished
from django.db import connection
from django.test import override_settings

from tests.helpers import mirror_storages, urls_as_the_content_makes_them
from tests.redis_databases import redis_url


def pytest_xdist_node_collection_finished(node, ids):
    # --dist loadgroup keeps a group on one worker by adding "@<group>" to its tests' node ids. When
    # that does not take (pytest 9.2: pytest-dev/pytest-xdist#1386; or the browser conftest's marks
    # coming after xdist's hook) the groups are silently ignored, and editors' journeys change the
    # content under the visitors' checks: stop the run instead.
    if node.config.getoption("dist") != "loadgroup":
        return
    ungrouped = [nodeid for nodeid in ids if nodeid.startswith("tests/browser/") and "@" not in nodeid]
    if ungrouped:
        raise pytest.UsageError(
            f"pytest-xdist's --dist loadgroup ignored the browser tests' groups ({len(ungrouped)} tests, "
            f"e.g. {ungrouped[0]}): see requirements-dev.txt on pytest's version"
        )


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Templates use hashed static names: make sure the manifest is there and current.

    `make test` collects first; this covers a direct `pytest` run after a change
    to a file in static/ (collecting everything takes ~25 s, so only then).
    """
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    newest_source = max(path.stat().st_mtime for path in settings.BASE_DIR.joinpath("static").rglob("*"))
    if not manifest.exists() or manifest.stat().st_mtime < newest_source:
        call_command("collectstatic", interactive=False, verbosity=0)


# Test speed, in pytest's own process only (the live site the browser tests drive
# keeps production's settings):
# - a fast password hasher, as Django advises where no test is about hashing:
#   PBKDF2's million iterations cost ~0.4 s per account made or password checked;
# - whitenoise looks static files up per request instead of indexing all of
#   STATIC_ROOT (~800 files, ~0.3 s) for every test Client. Tests of how static
#   files are served use `production_static_files`;
# - the mirror's builds make their .br copies at brotli's quality 5, not 11: no test
#   is about how small they are (they are checked to hold the page), and quality 11
#   was ~6 s of each test run's CPU.
FAST_TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "WHITENOISE_AUTOREFRESH": True,
    "MIRROR_BROTLI_QUALITY": 5,
}


@pytest.fixture(scope="session", autouse=True)
def fast_test_settings():
    with override_settings(**FAST_TEST_SETTINGS, **own_redis_database()):
        yield


def own_redis_database() -> dict:
    """With Redis (`make test-postgres`), the cache in this worker's own database (tests/redis_databases.py)."""
    if not redis_url():
        return {}
    default = {**settings.CACHES["default"], "LOCATION": redis_url()}
    return {"CACHES": {**settings.CACHES, "default": default}}


@pytest.fixture
def production_static_files(settings):
    """whitenoise as production runs it: STATIC_ROOT indexed once, when the handler loads."""
    settings.WHITENOISE_AUTOREFRESH = False


@pytest.fixture(autouse=True)
def empty_cache():
    """The CMS caches menus and the search index's version: each test starts cold.

    Also Django's in-memory content types: a transactional test's flush
    recreates them under new ids, which the cache would not know.
    """
    ContentType.objects.clear_cache()
    cache.clear()
    yield
    cache.clear()


def _load_starting_content() -> str:
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The starting content, loaded once per test run (pytest-django's documented hook).

    Each test's transaction rolls back to it, so `site_content` costs a query,
    not a load (~0.5 s) per test. The loader's report is kept for tests that read it.
    """
    with django_db_blocker.unblock():
        STARTING_CONTENT["report"] = _load_starting_content()


STARTING_CONTENT: dict[str, str] = {}


@pytest.fixture
def site_content(db):
    """The starting content, as `make run` loads it; returns the loader's report."""
    if not Page.objects.exists():
        # A transactional test (run last, as Django orders them) flushed the database.
        STARTING_CONTENT["report"] = _load_starting_content()
    # django CMS would mark its URLs as changed when the request that attached an
    # app ends (here: the test's first request, whose page would then be stored
    # under an outdated content version). The loader has marked them already.
    request_finished.disconnect(dispatch_uid=CMS_RESTART)
    urls_as_the_content_makes_them()
    return STARTING_CONTENT["report"]


# Kept through `empty_database`: django CMS and djangocms-versioning hold content
# type ids for the whole process, so these rows must keep theirs.
KEPT_TABLES = {"django_content_type", "auth_permission"}


@pytest.fixture
def empty_database(db):
    """No content, as on a fresh install before `load_content`: for tests of the loader itself.

    Empties the tables as Django's flush does, inside the test's transaction so the
    rollback brings the starting content back for the next test, then runs the
    post_migrate handlers that give a fresh install its roles and Site.
    """
    tables = set(connection.introspection.django_table_names(only_existing=True)) - KEPT_TABLES
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), sorted(tables)))
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)


@pytest.fixture
def mirror_root(tmp_path, settings):
    """The mirror's storage in a folder of this test's own (the mirror is off in tests unless asked for)."""
    root = tmp_path / "mirror"
    settings.STORAGES = mirror_storages(root)
    return root
