"""The PostgreSQL server really stops, then comes back: what visitors get, and the site recovering by itself.

Runs in the PostgreSQL + Redis run (`make test-postgres`), where
scripts/with-services hands the suite PG_CONTROL, a script that stops and
starts the very server the live site's database is on. A gunicorn with one
worker (so "a page this worker has served" is well defined) runs against the
live site's database and cache. The server is stopped with pg_ctl's fast
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

from tests.browser.conftest import _stop, start_gunicorn

PG_CONTROL = os.environ.get("PG_CONTROL", "")

pytestmark = [
    pytest.mark.skipif(
        not PG_CONTROL,
        reason="stops a real PostgreSQL server: runs in `make test-postgres` (scripts/with-services sets PG_CONTROL)",
    ),
    # Every other test on that server would fail while it is down: `make test-postgres` runs this one alone.
    pytest.mark.stops_database,
]

SEEN = "/"  # served once before the outage
UNSEEN = "/get-help/"  # never served by this worker before the outage
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
    proc, base_url = start_gunicorn({**live_site.env, "GUNICORN_WORKERS": "1"}, tmp_path / "gunicorn.log")
    yield base_url
    _stop(proc)


def test_postgresql_stopped_and_restarted(one_worker_site):
    base = one_worker_site
    status, _headers, seen_before = get(base + SEEN)
    assert status == 200
    assert get(base + "/readyz")[0] == 200

    pg_control("stop")
    try:
        # Any query now fails: the server is gone, not a simulated error.
        status, _headers, body = get(base + "/readyz")
        assert status == 503, body
        assert "database" in body

        # A page this worker has served: still served, the same bytes.
        status, _headers, body = get(base + SEEN)
        assert status == 200
        assert body == seen_before

        # One it has not: the 503 page that needs no database, with the numbers to call.
        status, headers, body = get(base + UNSEEN)
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
    status, _headers, body = get(base + UNSEEN)
    assert status == 200
    assert NSPCC in body
    assert get(base + SEEN)[2] == seen_before
