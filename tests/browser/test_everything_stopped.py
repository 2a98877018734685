"""gunicorn, PostgreSQL and Redis all stopped: nginx still serves every page in the sitemap from the mirror.

Runs in the PostgreSQL + Redis run (`make test-postgres`), alone with the other
test that stops the database (marker `stops_database`). nginx runs with
deploy/nginx.conf.template (rendered as `make bench` renders it, bench/run.py's
Nginx) in front of a gunicorn on the live site's database and cache, with the
mirror built for nginx's address. Redis and PostgreSQL are stopped for real
(REDIS_CONTROL and PG_CONTROL, from scripts/with-services: the process gone, its
port refusing connections), then gunicorn; both servers are started again on
the same ports afterwards, for the rest of the run.
"""

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from bench.run import NGINX, Nginx, free_port
from tests.browser.conftest import _stop, start_gunicorn

PG_CONTROL = os.environ.get("PG_CONTROL", "")
REDIS_CONTROL = os.environ.get("REDIS_CONTROL", "")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = [
    pytest.mark.skipif(
        not PG_CONTROL,
        reason="stops a real PostgreSQL server: runs in `make test-postgres` (scripts/with-services sets PG_CONTROL)",
    ),
    pytest.mark.skipif(
        not REDIS_CONTROL,
        reason="stops a real Redis server: runs in `make test-postgres` (scripts/with-services sets REDIS_CONTROL)",
    ),
    pytest.mark.skipif(not NGINX, reason="needs nginx (`make nginx`: Debian's nginx-light)"),
    pytest.mark.stops_database,
]


def get(url, **headers):
    """(status, headers, body as sent): 4xx/5xx answers too."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def control(script, action):
    subprocess.run([script, action], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)


def process_exited(pid):
    """No such process, or a zombie (exited, left for its parent, here init, to reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture
def site_behind_nginx(live_site, tmp_path):
    """nginx (the deploy/ configuration) in front of a gunicorn on the live site's database, with a built mirror."""
    # Not under tmp_path (its parents are private): under root nginx's workers run as "nobody" and read it.
    mirror = Path(tempfile.mkdtemp(prefix="mirror-"))
    mirror.chmod(0o755)
    port = free_port()
    env = {
        **live_site.env,
        "DJANGO_MIRROR_ROOT": str(mirror),
        "DJANGO_MIRROR_HOST": f"127.0.0.1:{port}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "build_mirror"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    site, site_url = start_gunicorn(env, tmp_path / "gunicorn.log")
    proxy = None
    try:
        proxy = Nginx(env, int(site_url.rsplit(":", 1)[1]), env["DJANGO_MIRROR_ROOT"], port=port)
        yield proxy.url, site
    finally:
        if proxy is not None:
            proxy.stop()
            proxy.remove()
        _stop(site)
        shutil.rmtree(mirror, ignore_errors=True)


def test_gunicorn_postgresql_and_redis_stopped(live_site, site_behind_nginx):
    base, site = site_behind_nginx
    paths = live_site.page_paths
    before = {}
    for path in paths:
        for coding in ("gzip", "identity"):
            status, headers, body = get(base + path, **{"Accept-Encoding": coding})
            assert status == 200, path
            assert "Last-Modified" in headers, f"{path} not from the mirror"  # a file; gunicorn sends none
            before[path, coding] = (headers.get("Content-Encoding"), body)
    assert before["/", "gzip"][0] == "gzip"
    assert gzip.decompress(before["/", "gzip"][1]) == before["/", "identity"][1]
    assert get(base + "/admin/login/")[0] == 200  # gunicorn answers it while it runs

    cache = redis.Redis.from_url(live_site.env["REDIS_URL"])
    redis_pid = cache.info("server")["process_id"]
    redis_port = urlsplit(live_site.env["REDIS_URL"]).port
    cache.close()
    pg_stopping = False
    try:
        control(REDIS_CONTROL, "stop")
        assert process_exited(redis_pid), f"redis-server {redis_pid} still running"
        assert refuses_connections(redis_port), f"Redis's port {redis_port} still accepts connections"
        # gunicorn sees the cache gone, and still answers: not a hang, not a 500.
        status, _headers, body = get(base + "/readyz")
        assert (status, json.loads(body)) == (503, {"database": "ok", "cache": "unavailable"})
        assert get(base + "/admin/login/")[0] == 200

        pg_stopping = True
        control(PG_CONTROL, "stop")
        # gunicorn still running, its database and cache gone: the site's 503 page, from Django.
        for path in ("/admin/", "/admin/login/"):
            status, headers, body = get(base + path)
            assert status == 503, path
            assert headers["Retry-After"] == "30"
            assert b"not available right now" in body
            assert b'href="tel:999"' in body

        _stop(site)
        assert site.poll() is not None
        for (path, coding), (encoding, body) in before.items():
            status, headers, served = get(base + path, **{"Accept-Encoding": coding})
            assert (status, headers.get("Content-Encoding"), served) == (200, encoding, body), (path, coding)

        # No gunicorn: nginx's own copy of the site's 503 page.
        for path in ("/admin/", "/admin/login/", "/search/?q=help"):
            status, headers, body = get(base + path)
            assert status == 503, path
            assert b"not available right now" in body
            assert b'href="tel:999"' in body
            assert headers["Cache-Control"] == "private, no-store"

        status, headers, body = get(base + "/no-such-page/")
        assert status == 404
        assert b'href="tel:999"' in body
        assert "Content-Security-Policy" in headers
    finally:  # both back, whatever happened ($REDIS_CONTROL start does nothing if it is running)
        try:
            if pg_stopping:
                control(PG_CONTROL, "start")
        finally:
            control(REDIS_CONTROL, "start")

    # Redis back on the same port, for the rest of the run (and scripts/with-services' own clean-up).
    cache = redis.Redis.from_url(live_site.env["REDIS_URL"])
    assert cache.ping()
    assert cache.info("server")["process_id"] != redis_pid
    cache.close()
