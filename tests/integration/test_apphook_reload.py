"""An app attached to a page by another worker is picked up on the next request (django CMS's middleware)."""

import pytest
from cms.models import UrlconfRevision
from cms.utils import apphook_reload
from django.db import connection
from django.test.utils import CaptureQueriesContext

REVISION_TABLE = UrlconfRevision._meta.db_table


def revision_reads(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return sum(REVISION_TABLE in query["sql"] for query in captured.captured_queries)


@pytest.fixture
def settled(client, site_content):
    """This worker has checked the revision since the load changed it."""
    client.get("/")
    return client


def test_a_new_revision_from_another_worker_is_picked_up_on_the_next_request(settled):
    client = settled
    # Another worker attaches an app to a page: django CMS saves a new revision.
    new_revision = apphook_reload.mark_urlconf_as_changed()
    assert apphook_reload.get_local_revision() != new_revision
    assert revision_reads(client, "/privacy/") == 1
    assert apphook_reload.get_local_revision() == new_revision  # URLs reloaded
    assert client.get("/get-help/").status_code == 200  # the apps' URLs still resolve
