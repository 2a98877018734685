"""`manage.py backup_roundtrip`: a dump restored into a fresh database and compared with the original.

The round trip needs PostgreSQL (the suite's second run, `make test-postgres`);
on SQLite the command says so and stops.
"""

import io

import pytest
from cms.models import Page
from django.core.management import CommandError, call_command
from django.db import connection

from safeguarding_site.ops import backup

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (make test-postgres)")
# pg_dump reads committed data, so these tests commit. serialized_rollback puts the
# database back as it was afterwards, content types under their old ids included
# (a plain flush would recreate them under new ones, which cached ids elsewhere miss).
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def restore_check_databases(source):
    with source.connect() as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{source.name}_restore%"])
        return [name for (name,) in rows]


@on_postgresql
@committed
def test_a_dump_restores_into_a_fresh_database_identical_to_the_original(tmp_path):
    call_command("load_content", stdout=io.StringIO())
    source = backup.Database.from_settings(connection.settings_dict)
    out = io.StringIO()
    call_command("backup_roundtrip", dump=str(tmp_path / "site.dump"), stdout=out)
    report = out.getvalue()
    assert "Identical:" in report
    pages = Page.objects.count()
    assert pages >= 10
    assert f"pages {pages:>24}".replace(" ", "") in report.replace(" ", "")
    assert (tmp_path / "site.dump").stat().st_size > 10_000
    assert (tmp_path / "site.dump").stat().st_mode & 0o077 == 0  # it holds password hashes
    assert restore_check_databases(source) == []  # the scratch database is dropped


@on_postgresql
@committed
def test_the_comparison_finds_a_changed_row_a_missing_row_and_a_moved_sequence():
    call_command("load_content", stdout=io.StringIO())
    source = backup.Database.from_settings(connection.settings_dict)
    target = source.other(f"{source.name}_restore_probe")
    backup.drop_database(source, target.name)
    backup.create_database(source, target.name)
    try:
        call_command("backup_roundtrip", restore_database=target.name, stdout=io.StringIO())
        with source.connect() as original, target.connect() as copy:
            assert backup.differences(backup.fingerprint(original.cursor()), backup.fingerprint(copy.cursor())) == []
            copy.execute(
                "UPDATE djangocms_text_text SET body = body || ' '"
                " WHERE cmsplugin_ptr_id = (SELECT min(cmsplugin_ptr_id) FROM djangocms_text_text)"
            )
            copy.execute("DELETE FROM directory_contactmethod WHERE id = (SELECT max(id) FROM directory_contactmethod)")
            copy.execute("SELECT nextval('cms_page_id_seq')")
            copy.commit()
            problems = backup.differences(backup.fingerprint(original.cursor()), backup.fingerprint(copy.cursor()))
        assert any(line.startswith("table djangocms_text_text: same") for line in problems), problems
        assert any(line.startswith("table directory_contactmethod:") and "rows" in line for line in problems), problems
        assert any(line.startswith("sequence cms_page_id_seq") for line in problems), problems
        assert len(problems) == 3, problems
    finally:
        backup.drop_database(source, target.name)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite run")
def test_on_sqlite_the_command_says_it_needs_postgresql(db):
    with pytest.raises(CommandError, match="works on PostgreSQL"):
        call_command("backup_roundtrip")
