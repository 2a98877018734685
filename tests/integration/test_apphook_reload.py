"""django CMS's URL revision is read only when the content version has moved."""

import pytest
from cms.models import UrlconfRevision
from cms.utils import apphook_reload
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from safeguarding_site.pages.fastpath import bump_content_version

REVISION_TABLE = UrlconfRevision._meta.db_table
REDIS_DOWN = {
    "default": {
        "BACKEND": "safeguarding_site.ops.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def revision_reads(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return sum(REVISION_TABLE in query["sql"] for query in captured.captured_queries)


@pytest.fixture
def settled(client, site_content):
    """This worker has checked the revision since the load changed it."""
    client.get("/")
    return client


def test_pages_rendered_under_an_unchanged_version_do_not_read_the_revision(settled):
    client = settled
    assert revision_reads(client, "/guide/") == 0
    assert revision_reads(client, "/get-help/") == 0
    assert revision_reads(client, "/what-should-i-do/child-in-danger-now/") == 0


def test_a_new_revision_from_another_worker_is_picked_up_on_the_next_request(settled):
    client = settled
    assert revision_reads(client, "/guide/") == 0
    # Another worker attaches an app to a page: django CMS saves a new revision.
    new_revision = apphook_reload.mark_urlconf_as_changed()
    assert apphook_reload.get_local_revision() != new_revision
    assert revision_reads(client, "/privacy/") == 1
    assert apphook_reload.get_local_revision() == new_revision  # URLs reloaded
    assert client.get("/get-help/").status_code == 200  # the apps' URLs still resolve


def test_after_any_change_to_content_the_revision_is_read_again(settled):
    client = settled
    bump_content_version()  # what any change an editor makes does (cache.py)
    assert revision_reads(client, "/guide/") == 1
    assert revision_reads(client, "/get-help/") == 0


@override_settings(CACHES=REDIS_DOWN)
def test_with_the_shared_cache_down_the_revision_is_read_on_every_request(site_content):
    client = Client()
    client.get("/")
    assert revision_reads(client, "/guide/") == 1
    assert revision_reads(client, "/get-help/") == 1
