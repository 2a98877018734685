"""The PostgreSQL server really stops, then comes back: what visitors get, and the site recovering by itself.

Runs in the PostgreSQL + Redis run (`make test-postgres`), where
scripts/with-services hands the suite PG_CONTROL, a script that stops and
starts the very server the live site's database is on. A gunicorn with one
worker runs against the live site's database and cache, with a mirror of the
site's pages built for its address (mirror/): visitors' pages come from its
files while the database is down, anything else gets the 503 page. The server is stopped with pg_ctl's fast
shutdown (every connection cut), and started again; gunicorn is never restarted.

It runs alone, after the rest of the suite (marker `stops_database`): other
tests on that server would fail while it is down.
"""

import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import _run_manage, _stop, start_gunicorn

PG_CONTROL = os.environ.get("PG_CONTROL", "")

pytestmark = [
    pytest.mark.skipif(
        not PG_CONTROL,
        reason="stops a real PostgreSQL server: runs in `make test-postgres` (scripts/with-services sets PG_CONTROL)",
    ),
    # Every other test on that server would fail while it is down: `make test-postgres` runs this one alone.
    pytest.mark.stops_database,
]

MIRRORED = ["/", "/get-help/"]  # pages in the mirror
NOT_MIRRORED = "/search/?q=police"  # a search is never in the mirror: Django answers it
NSPCC = 'href="tel:+448088005000"'
STOP_IT_NOW = 'href="tel:+448081000900"'
RECOVERY_SECONDS = 30


def get(url):
    """(status, headers, body): 4xx/5xx answers too, never an exception for them."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def pg_control(action):
    subprocess.run([PG_CONTROL, action], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)


@pytest.fixture
def one_worker_site(live_site, tmp_path):
    env = {**live_site.env, "GUNICORN_WORKERS": "1", "DJANGO_MIRROR_ROOT": str(tmp_path / "mirror")}
    proc, base_url = start_gunicorn(env, tmp_path / "gunicorn.log")
    # The mirror's pages are for the address they are served on (its port is known only now).
    _run_manage({**env, "DJANGO_MIRROR_HOST": base_url.removeprefix("http://")}, "build_mirror")
    yield base_url
    _stop(proc)


def test_postgresql_stopped_and_restarted(one_worker_site):
    base = one_worker_site
    before = {}
    for path in MIRRORED:
        status, _headers, before[path] = get(base + path)
        assert status == 200
    assert get(base + "/readyz")[0] == 200

    pg_control("stop")
    try:
        # Any query now fails: the server is gone, not a simulated error.
        status, _headers, body = get(base + "/readyz")
        assert status == 503, body
        assert "database" in body

        # Pages in the mirror: still served, the same bytes.
        for path in MIRRORED:
            status, _headers, body = get(base + path)
            assert status == 200, path
            assert body == before[path]

        # Anything else: the 503 page that needs no database, with the numbers to call.
        status, headers, body = get(base + NOT_MIRRORED)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert 'href="tel:999"' in body
        assert NSPCC in body
        assert STOP_IT_NOW in body
        assert "Stop It Now!" in body

        # The process itself is alive for the load balancer.
        assert get(base + "/healthz")[0] == 200
    finally:
        pg_control("start")

    # Back, with no restart: the next requests reconnect.
    deadline = time.monotonic() + RECOVERY_SECONDS
    while get(base + "/readyz")[0] != 200:
        assert time.monotonic() < deadline, f"/readyz still not 200 {RECOVERY_SECONDS} s after PostgreSQL returned"
        time.sleep(0.2)
    status, _headers, body = get(base + NOT_MIRRORED)
    assert status == 200
    assert NSPCC in body
    assert get(base + "/")[2] == before["/"]
