"""Shared fixtures: production-like settings, collected static files, loaded content."""

import io

import pytest
from cms.signals.apphook import DISPATCH_UID as CMS_RESTART
from cms.utils.apphook_reload import reload_urlconf
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished

from safeguarding_site.pages.fastpath import STORE, WATCHER


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


@pytest.fixture(autouse=True)
def empty_cache():
    """The CMS caches pages, menus and placeholders, the fast path keeps copies: each test starts cold.

    Also Django's in-memory content types: a transactional test's flush
    recreates them under new ids, which the cache would not know.
    """
    ContentType.objects.clear_cache()
    cache.clear()
    STORE.clear()
    WATCHER.reset()  # the emptied cache's version is not the one it last heard of
    yield
    cache.clear()
    STORE.clear()
    WATCHER.reset()


@pytest.fixture
def site_content(db):
    """The starting content, loaded exactly as `make run` loads it."""
    out = io.StringIO()
    call_command("load_content", stdout=out)
    # django CMS would mark its URLs as changed when the request that attached an
    # app ends (here: the test's first request, whose page would then be stored
    # under an outdated content version). The loader has marked them already.
    request_finished.disconnect(dispatch_uid=CMS_RESTART)
    # A running site picks up the new apphook (the directory) through
    # ApphookReloadMiddleware; this process resolved URLs before it existed.
    reload_urlconf()
    return out.getvalue()
