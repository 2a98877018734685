"""Issue 15, finding 3: on SQLite, editors saving at once (and the schedule command) lose no saves.

Out of the box SQLite answered a second writer at once with "database is locked",
which the site shows as the 503 page: the save is lost. Here four writer processes
(as gunicorn's workers would be) save a directory entry and a page draft as fast as
they can for 4 s while `manage.py run_publication_schedule` runs over and over
beside them, all on one throwaway SQLite file; every save must commit, and the
database must hold exactly what was committed. tests/concurrent_writer.py is one
such process. Run with --log-cli-level=INFO to see the figures.
"""

import json
import logging
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's own locking: the PostgreSQL run (make test-postgres) has no SQLite file to share",
)

ROOT = Path(__file__).resolve().parent.parent.parent
WRITER = ROOT / "tests" / "concurrent_writer.py"
WRITERS = 4
SECONDS = 4

logger = logging.getLogger(__name__)


def test_an_sqlite_connection_has_wal_a_busy_timeout_and_immediate_transactions(tmp_path, django_db_blocker):
    """The settings' OPTIONS, as a real connection to an SQLite file reports them."""
    probe = ConnectionHandler({"default": {**settings.DATABASES["default"], "NAME": str(tmp_path / "probe.sqlite3")}})
    with django_db_blocker.unblock():
        try:
            with probe["default"].cursor() as cursor:
                pragmas = {}
                for name in ("journal_mode", "synchronous", "busy_timeout"):
                    cursor.execute(f"PRAGMA {name}")
                    pragmas[name] = cursor.fetchone()[0]
        finally:
            probe.close_all()
    # synchronous 1 is NORMAL; busy_timeout is in milliseconds.
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000}
    assert probe["default"].transaction_mode == "IMMEDIATE"


def site_env(database):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safeguarding_site.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_CACHE": "locmem",
            "DJANGO_DEBUG": "0",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def run(env, *args):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def result_of(stdout):
    return json.loads(stdout.strip().splitlines()[-1])


def run_together(env, roles, logs):
    """Start every process, wait until each has Django set up, then let them all write at once."""
    log_of = {role: logs / f"{'-'.join(role)}.log" for role in roles}
    processes = []
    try:
        for role in roles:
            with log_of[role].open("w") as stderr:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, str(WRITER), *role, "--seconds", str(SECONDS)],
                        cwd=ROOT,
                        env=env,
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=stderr,
                        text=True,
                    )
                )
        for role, process in zip(roles, processes, strict=True):
            line = process.stdout.readline()
            assert line.strip() == '{"ready": true}', f"{role} did not start:\n{log_of[role].read_text()}"
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for role, process in zip(roles, processes, strict=True):
            stdout, _ = process.communicate(timeout=SECONDS + 240)
            assert process.returncode == 0, f"{role} failed:\n{log_of[role].read_text()}"
            results.append(result_of(stdout))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_concurrent_editors_and_the_schedule_command_lose_no_saves(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = site_env(database)
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    run(env, str(WRITER), "prepare")

    editors = [("editor", "--index", str(index)) for index in range(WRITERS)]
    results = run_together(env, [*editors, ("schedule",)], tmp_path)
    held = result_of(run(env, str(WRITER), "verify"))

    attempted, committed, errors = Counter(), Counter(), Counter()
    for result in results:
        attempted.update(result["attempted"])
        committed.update(result["committed"])
        errors.update(result["errors"])
    figures = (
        f"{WRITERS} editors and the schedule command for {SECONDS} s: "
        f"attempted {dict(attempted)}, committed {dict(committed)}, errors {dict(errors)}"
    )
    logger.info(figures)

    assert not errors, figures
    assert committed == attempted, figures
    assert committed["service"] > 0
    assert committed["page"] > 0
    assert committed["schedule"] > 0
    # What the database holds: every committed save, each counted once.
    assert held["service"] == committed["service"]
    assert held["service_revisions"] == committed["service"]
    assert held["page"] == committed["page"]
    for index, result in enumerate(results[:WRITERS]):
        assert held["log_entries"].get(f"writer {index}: service", 0) == result["committed"]["service"]
        assert held["log_entries"].get(f"writer {index}: page", 0) == result["committed"]["page"]
    assert held["schedules"] == committed["schedule"]
    assert held["schedules_carried_out"] == held["schedules"]
    # The settings reached processes given an SQLite DATABASE_URL, not only the default database.
    assert {result["journal_mode"] for result in results[:WRITERS]} == {"wal"}
