"""gunicorn, PostgreSQL and Redis all stopped: nginx still serves every page in the sitemap from the mirror.

Runs in the PostgreSQL + Redis run (`make test-postgres`), alone with the other
test that stops the database (marker `stops_database`). nginx runs with
deploy/nginx.conf.template (rendered as `make bench` renders it, bench/run.py's
Nginx) in front of a gunicorn on the live site's database and cache, with the
mirror built for nginx's address. gunicorn is stopped, PostgreSQL is stopped
(PG_CONTROL, from scripts/with-services) and Redis is frozen with SIGSTOP:
scripts/with-services owns the Redis process and stops it by its pid at the
end, so the test pauses it and lets it go again rather than shutting it down.
"""

import gzip
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

from bench.run import NGINX, Nginx, free_port
from tests.browser.conftest import _stop, start_gunicorn

PG_CONTROL = os.environ.get("PG_CONTROL", "")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = [
    pytest.mark.skipif(
        not PG_CONTROL,
        reason="stops a real PostgreSQL server: runs in `make test-postgres` (scripts/with-services sets PG_CONTROL)",
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
    cache.close()
    _stop(site)
    subprocess.run([PG_CONTROL, "stop"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    os.kill(redis_pid, signal.SIGSTOP)
    try:
        assert site.poll() is not None
        for (path, coding), (encoding, body) in before.items():
            status, headers, served = get(base + path, **{"Accept-Encoding": coding})
            assert (status, headers.get("Content-Encoding"), served) == (200, encoding, body), (path, coding)

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
    finally:
        os.kill(redis_pid, signal.SIGCONT)
        subprocess.run([PG_CONTROL, "start"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
