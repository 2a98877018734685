"""Prepared queries give what the ORM gives, one query a run, and are written afresh after a migration."""

import datetime

from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from safeguarding_site.editors.models import ReviewDates
from safeguarding_site.pages.sitetree import TREE_QUERY, tree_query


def test_the_tree_query_gives_the_rows_the_orm_gives_with_its_conversions(site_content):
    rows = TREE_QUERY.rows("en", 1)
    assert rows == [tuple(row) for row in tree_query("en", 1)]
    assert len(rows) >= 8
    home = next(row for row in rows if row[8])  # page__is_home
    assert isinstance(home[10], datetime.date)  # review dates: text in SQLite, converted
    assert home[12] == ""  # the home page's URL path: joined in


def test_each_run_is_one_query_and_sees_the_database_as_it_is_now(site_content):
    TREE_QUERY.rows("en", 1)
    ReviewDates.objects.update(last_reviewed=datetime.date(2026, 1, 2))
    with CaptureQueriesContext(connection) as captured:
        rows = TREE_QUERY.rows("en", 1)
    assert len(captured) == 1
    assert {row[10] for row in rows if row[10] is not None} == {datetime.date(2026, 1, 2)}


def test_a_migration_makes_every_prepared_query_be_written_again(site_content):
    TREE_QUERY.rows("en", 1)
    assert TREE_QUERY.compiled.get(connections["default"])
    emit_post_migrate_signal(0, False, "default")  # as after `migrate`, or a test's flush
    assert not TREE_QUERY.compiled.get(connections["default"])
    assert TREE_QUERY.rows("en", 1) == [tuple(row) for row in tree_query("en", 1)]
