"""The app server's configuration: what the access log keeps, and its bounds."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FORMAT_ITEMS_THAT_IDENTIFY_A_VISITOR = ["%(h)s", "%(a)s", "%(f)s", "%({x-forwarded-for}i)s", "%(u)s"]


@pytest.fixture
def gunicorn_conf(monkeypatch):
    def load(**env):
        for name in ["GUNICORN_ACCESS_LOG_FORMAT", "PORT", "GUNICORN_BIND"]:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        import safeguarding_site.gunicorn_conf as module

        return importlib.reload(module)

    return load


def test_access_log_keeps_no_address_or_user_agent_by_default(gunicorn_conf):
    conf = gunicorn_conf()
    for item in FORMAT_ITEMS_THAT_IDENTIFY_A_VISITOR:
        assert item not in conf.access_log_format
    assert "%(r)s" in conf.access_log_format
    assert "%(s)s" in conf.access_log_format


def test_operators_can_choose_another_log_format(gunicorn_conf):
    conf = gunicorn_conf(GUNICORN_ACCESS_LOG_FORMAT='%(h)s "%(r)s" %(s)s')
    assert conf.access_log_format.startswith("%(h)s")


def test_serves_on_loopback_and_bounds_requests(gunicorn_conf):
    conf = gunicorn_conf(PORT="8123")
    assert conf.bind == "127.0.0.1:8123"
    assert conf.limit_request_line <= 8190
    assert conf.control_socket_disable is True


def test_the_preloaded_app_opens_no_connection_before_workers_fork(gunicorn_conf, tmp_path):
    """preload_app: the master imports the site, then forks workers. A database or
    cache connection opened during that import would be one socket shared by every
    worker; nothing may connect until a worker handles its first request."""
    assert gunicorn_conf().preload_app is True
    script = (
        "import safeguarding_site.wsgi\n"
        "from django.core.cache import caches\n"
        "from django.db import connections\n"
        "print([alias for alias in connections if connections[alias].connection is not None],"
        " [alias for alias in caches.settings if hasattr(caches._connections, alias)])\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "0",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"
