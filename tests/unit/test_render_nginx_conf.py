"""deploy/render-nginx-conf and the mirror: the headers, host and paths it writes into nginx.conf, and its refusals."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

ROOT = Path(__file__).resolve().parent.parent.parent
HTML = [["Content-Type", "text/html; charset=utf-8"], ["Cache-Control", "private, no-store"], ["Vary", "Cookie"]]


def write_mirror(folder, pages):
    build = folder / "builds" / "one"
    build.mkdir(parents=True)
    (folder / "current").symlink_to("builds/one")
    manifest = {"host": "example.org", "scheme": "https", "errors": {"404": {"headers": HTML}}, "pages": pages}
    (build / "headers.json").write_text(json.dumps(manifest))


def render(tmp_path, mirror):
    return subprocess.run(
        [sys.executable, "deploy/render-nginx-conf", "--prefix", str(tmp_path / "px"), "--mirror-root", str(mirror)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_mirrors_headers_host_and_named_pages_are_written(tmp_path):
    text = [["Content-Type", "text/plain; charset=utf-8"], ["Cache-Control", "private, no-store"]]
    write_mirror(
        tmp_path / "mirror",
        {"/": {"headers": HTML}, "/guide/": {"headers": list(reversed(HTML))}, "/robots.txt": {"headers": text}},
    )
    result = render(tmp_path, tmp_path / "mirror")
    assert result.returncode == 0, result.stderr
    conf = result.stdout
    assert f"root {tmp_path / 'mirror'}/current/site;" in conf
    assert '"~*^https://example\\.org$"  1;' in conf
    assert 'add_header Cache-Control "private, no-store" always;' in conf
    assert 'default_type "text/html; charset=utf-8";' in conf
    assert "location = /robots.txt {" in conf
    assert 'default_type "text/plain; charset=utf-8";' in conf
    assert '"1/robots.txt"  "/robots.txt";' in conf
    assert "proxy_cache" not in conf


def test_no_mirror_is_a_clear_message(tmp_path):
    result = render(tmp_path, tmp_path / "nothing")
    assert result.returncode == 1
    assert "build_mirror" in result.stderr
    assert "Traceback" not in result.stderr


def test_pages_with_different_headers_are_refused(tmp_path):
    other = [*HTML, ["X-Robots-Tag", "noindex"]]
    write_mirror(tmp_path / "mirror", {"/": {"headers": HTML}, "/guide/": {"headers": other}})
    result = render(tmp_path, tmp_path / "mirror")
    assert result.returncode == 1
    assert "do not all have the same headers" in result.stderr


def test_a_header_nginx_would_read_as_a_variable_is_refused(tmp_path):
    write_mirror(tmp_path / "mirror", {"/": {"headers": [*HTML, ["X-Note", "costs $5"]]}})
    result = render(tmp_path, tmp_path / "mirror")
    assert result.returncode == 1
    assert "cannot be written into nginx.conf" in result.stderr
