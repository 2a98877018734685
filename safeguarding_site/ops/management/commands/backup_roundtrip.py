import os
import secrets
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import IsolationLevel

from safeguarding_site.ops import backup


class Command(BaseCommand):
    help = (
        "Dump the PostgreSQL database, restore the dump into a fresh database, and compare the two "
        "table by table (row counts and every row's content) and sequence by sequence. Fails, naming "
        "each difference, unless the copy is identical to the database as it was dumped. With --dump "
        "the dump is kept: a nightly backup that is proved to restore. The database user needs CREATEDB "
        "(or give --restore-database, an existing empty database it may use)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dump", metavar="FILE", help="Keep the dump here (pg_dump's custom format).")
        parser.add_argument(
            "--restore-database",
            metavar="NAME",
            help="Restore into this existing, empty database (kept afterwards) instead of a new one that is dropped.",
        )
        parser.add_argument("--keep-restored", action="store_true", help="Do not drop the new database afterwards.")
        parser.add_argument("--pg-bin", metavar="DIR", help="Folder of pg_dump and pg_restore (default: found).")
        parser.add_argument("--database", default="default", help="Django database alias (default: default).")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"backup_roundtrip works on PostgreSQL (DATABASE_URL); this database is {connection.vendor}. "
                "An SQLite site is backed up by copying its file with `sqlite3 db.sqlite3 .backup copy.sqlite3`."
            )
        source = backup.Database.from_settings(connection.settings_dict)
        existing_target = options["restore_database"]
        target = source.other(existing_target or f"{source.name}_restore_check_{secrets.token_hex(4)}")
        if target.name == source.name:
            raise CommandError("The restore database must not be the database being backed up.")

        with tempfile.TemporaryDirectory(prefix="backup-roundtrip-") as scratch:
            dump_file = Path(options["dump"]) if options["dump"] else Path(scratch) / "site.dump"
            try:
                source_print, source_summary = self.dump_in_snapshot(source, dump_file, options["pg_bin"])
                self.stdout.write(f"Dumped {source.name} to {dump_file} ({dump_file.stat().st_size:,} bytes).")
                if not existing_target:
                    backup.create_database(source, target.name)
                try:
                    backup.restore(target, dump_file, options["pg_bin"])
                    with target.connect() as copy, copy.cursor() as cursor:
                        copy_print = backup.fingerprint(cursor)
                        copy_summary = backup.summary(cursor)
                finally:
                    if not existing_target and not options["keep_restored"]:
                        backup.drop_database(source, target.name)
            except backup.BackupError as error:
                raise CommandError(str(error)) from error
            finally:
                if options["dump"] is None and dump_file.exists():
                    dump_file.unlink()

        self.stdout.write(f"Restored into {target.name}; the source as dumped and the copy hold:")
        for (label, count), (_label, copied) in zip(source_summary, copy_summary, strict=True):
            self.stdout.write(f"  {label:<24} {count:>6} {'' if count == copied else f'  (copy: {copied})'}")
        problems = backup.differences(source_print, copy_print)
        if problems:
            raise CommandError("The restored copy differs:\n  " + "\n  ".join(problems))
        tables = sum(1 for kind, _name in source_print if kind == "table")
        sequences = len(source_print) - tables
        self.stdout.write(
            self.style.SUCCESS(
                f"Identical: {tables} tables row for row, {sequences} sequences."
                + (
                    f" The restored database {target.name} was kept."
                    if existing_target or options["keep_restored"]
                    else ""
                )
            )
        )

    @staticmethod
    def dump_in_snapshot(source, dump_file, pg_bin):
        """Dump from an exported snapshot and fingerprint the source inside that same snapshot."""
        old_umask = os.umask(0o077)  # a dump holds editors' password hashes
        try:
            with source.connect() as connection:
                connection.isolation_level = IsolationLevel.REPEATABLE_READ
                connection.read_only = True
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                    backup.dump(source, dump_file, snapshot=snapshot, pg_bin=pg_bin)
                    prints = backup.fingerprint(cursor)
                    figures = backup.summary(cursor)
                connection.rollback()
        except backup.BackupError:
            raise
        except Exception as error:  # psycopg's own errors: say what they were, without a traceback
            raise backup.BackupError(f"Could not read {source.name}: {error}") from error
        finally:
            os.umask(old_umask)
        return prints, figures
