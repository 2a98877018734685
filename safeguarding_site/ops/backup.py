"""A PostgreSQL backup that is proved to restore: dump, restore into a fresh database, compare.

`manage.py backup_roundtrip` (the command) is the whole procedure; this module
holds its parts so that tests can use them one at a time.

- The dump is taken from an exported snapshot, and the source's fingerprint is
  read inside the same snapshot, so the comparison is exact even while editors
  keep working: the restored copy must equal the database *as it was dumped*.
- A fingerprint is, for every table in the schema, its row count and an MD5
  of all its rows' text, in a fixed order; and for every sequence, its
  position (so a restored site does not hand out an id twice). Two databases
  with the same fingerprint hold the same pages, versions, plugins, directory,
  steps and accounts, byte for byte.
"""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

# Named in the summary: what an editor would recognise.
SUMMARY = (
    ("pages", "SELECT count(*) FROM cms_page"),
    (
        "published page versions",
        "SELECT count(*) FROM djangocms_versioning_version v JOIN django_content_type ct ON ct.id = v.content_type_id"
        " WHERE ct.app_label = 'cms' AND ct.model = 'pagecontent' AND v.state = 'published'",
    ),
    ("page versions in all", "SELECT count(*) FROM cms_pagecontent"),
    ("plugins", "SELECT count(*) FROM cms_cmsplugin"),
    ("directory services", "SELECT count(*) FROM directory_service"),
    ("guidance steps", "SELECT count(*) FROM guidance_guidestep"),
    ("editor accounts", "SELECT count(*) FROM auth_user"),
)


class BackupError(Exception):
    """The round trip could not be made, or the copy differs: the message says which."""


@dataclass(frozen=True)
class Database:
    """How to reach one PostgreSQL database; the password travels in the environment, never in argv."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict):
        return cls(
            name=settings_dict["NAME"],
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
        )

    def other(self, name):
        return Database(name, self.user, self.password, self.host, self.port)

    def connect(self, **kwargs):
        params = {"dbname": self.name, "user": self.user, "password": self.password, "host": self.host}
        if self.port:
            params["port"] = self.port
        return psycopg.connect(**{key: value for key, value in params.items() if value}, **kwargs)

    def environ(self):
        env = dict(os.environ)
        for key, value in (("PGHOST", self.host), ("PGPORT", self.port), ("PGUSER", self.user)):
            if value:
                env[key] = value
        if self.password:
            env["PGPASSWORD"] = self.password
        env["PGDATABASE"] = self.name
        return env


def pg_program(name, pg_bin=None):
    """pg_dump or pg_restore: from --pg-bin, else the newest Debian install, else PATH."""
    candidates = []
    if pg_bin:
        candidates.append(Path(pg_bin) / name)
    else:
        debian = sorted(
            Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
            key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
            reverse=True,
        )
        candidates += debian
        found = shutil.which(name)
        if found:
            candidates.append(Path(found))
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(f"{name} was not found: install Debian's postgresql-client package, or give --pg-bin.")


def run(command, database, timeout):
    try:
        result = subprocess.run(command, env=database.environ(), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise BackupError(f"{Path(command[0]).name} took longer than {timeout} s") from error
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def fingerprint(cursor, schema="public"):
    """{("table", name): (rows, md5), ("sequence", name): (last_value, is_called)} for one schema."""
    cursor.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'S') ORDER BY c.relname",
        [schema],
    )
    relations = cursor.fetchall()
    prints = {}
    for name, kind in relations:
        relation = sql.Identifier(schema, name)
        if kind == "S":
            cursor.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(relation))
            prints[("sequence", name)] = tuple(cursor.fetchone())
        else:
            # Every row as text, in text order: independent of physical order and of the primary key.
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} AS t"
                ).format(relation)
            )
            prints[("table", name)] = tuple(cursor.fetchone())
    return prints


def differences(source, copy):
    """Human-readable lines for every relation that is missing or differs; empty when identical."""
    lines = []
    for key in sorted(set(source) | set(copy)):
        kind, name = key
        if key not in copy:
            lines.append(f"{kind} {name}: missing from the restored copy")
        elif key not in source:
            lines.append(f"{kind} {name}: only in the restored copy")
        elif source[key] != copy[key]:
            if kind == "table" and source[key][0] != copy[key][0]:
                lines.append(f"table {name}: {source[key][0]} rows, {copy[key][0]} restored")
            elif kind == "table":
                lines.append(f"table {name}: same {source[key][0]} rows, different content")
            else:
                lines.append(f"sequence {name}: at {source[key]}, restored at {copy[key]}")
    return lines


def summary(cursor):
    figures = []
    for label, query in SUMMARY:
        cursor.execute(query)
        figures.append((label, cursor.fetchone()[0]))
    return figures


def create_database(source, name):
    with source.connect(autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(source, name):
    with source.connect(autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def dump(source, dump_file, snapshot=None, pg_bin=None, timeout=3600):
    command = [pg_program("pg_dump", pg_bin), "--format=custom", "--no-owner", "--no-privileges"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    run([*command, f"--file={dump_file}", source.name], source, timeout)


def restore(target, dump_file, pg_bin=None, timeout=3600):
    command = [pg_program("pg_restore", pg_bin), "--no-owner", "--no-privileges", "--exit-on-error"]
    run([*command, "--single-transaction", f"--dbname={target.name}", str(dump_file)], target, timeout)
