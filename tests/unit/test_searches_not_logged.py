"""What a visitor searched for is never written to an access log (issue 16, finding 9).

The request line (gunicorn's %(r)s, nginx's $request) carries the query string,
so /search/?q=... would be in both logs; they record the path alone.
deploy/check-nginx checks nginx's log the same way, live.
"""

import re
import time
import urllib.request
from pathlib import Path

import pytest

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = [
    pytest.mark.same_on_every_database,
    # One worker runs this module, so its gunicorn (a throwaway database, migrated and loaded:
    # ~4 s) starts once; spread over two workers it started twice.
    pytest.mark.xdist_group("searches-not-logged"),
]

ROOT = Path(__file__).resolve().parent.parent.parent
WORD = "zebracrossingword"
# gunicorn's atoms and nginx's variables that hold the query string.
GUNICORN_QUERY_ATOMS = ["%(r)s", "%(q)s", "%({query_string}e)s", "%({raw_uri}e)s"]
NGINX_QUERY_VARIABLES = ["$request", "$args", "$query_string", "$request_uri", "$arg_"]


def test_gunicorns_default_format_has_the_path_but_not_the_query_string(monkeypatch):
    monkeypatch.delenv("GUNICORN_ACCESS_LOG_FORMAT", raising=False)
    import importlib

    import safeguarding_site.gunicorn_conf as conf

    access_log_format = importlib.reload(conf).access_log_format
    assert "%(U)s" in access_log_format
    for atom in GUNICORN_QUERY_ATOMS:
        assert atom not in access_log_format


def test_nginxs_access_log_format_has_no_variable_holding_the_query_string():
    template = (ROOT / "deploy" / "nginx.conf.template").read_text()
    log_format = re.search(r"^\s*log_format site '([^']*)';", template, re.MULTILINE).group(1)
    assert "$site_request_path" in log_format
    for variable in NGINX_QUERY_VARIABLES:
        # $request_method and $request_time name other things; $request alone is the request line.
        assert not re.search(re.escape(variable) + r"(?![a-z_])", log_format), variable
    assert '"~^(?<path>[^?]*)"  $path;' in template  # $site_request_path stops at the "?"


@pytest.fixture(scope="module")
def gunicorn_with_log(tmp_path_factory):
    """The site under gunicorn with gunicorn_conf.py and its default access log format: (address, log file)."""
    from tests.browser.conftest import _run_manage, _stop, start_gunicorn, throwaway_site_env  # shared start-up

    tmp = tmp_path_factory.mktemp("gunicorn-search-log")
    env = throwaway_site_env(tmp)
    _run_manage(env, "migrate", "--noinput")
    log = tmp / "gunicorn.log"
    proc, base_url = start_gunicorn(env, log)
    try:
        yield base_url, log
    finally:
        _stop(proc)


def test_a_search_leaves_its_path_in_gunicorns_access_log_but_not_its_words(gunicorn_with_log):
    base_url, log = gunicorn_with_log
    with urllib.request.urlopen(f"{base_url}/search/?q={WORD}+abuse", timeout=10) as response:
        assert response.status == 200
        assert WORD in response.read().decode()  # the visitor sees what they searched for
    deadline = time.monotonic() + 10
    while '"GET /search/ HTTP/1.1" 200' not in log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.1)
    written = log.read_text(errors="replace")
    assert '"GET /search/ HTTP/1.1" 200' in written
    assert WORD not in written
    assert "q=" not in written
