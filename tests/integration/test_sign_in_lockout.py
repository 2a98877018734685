"""The sign-in lock-out falls on one account from one client address, behind nginx or not (issue 15, finding 9).

deploy/'s nginx talks to gunicorn from 127.0.0.1 and says who the client is in
a one-entry X-Forwarded-For. These requests are made as nginx makes them
(REMOTE_ADDR 127.0.0.1) and as a client talking to gunicorn directly would.
deploy/check-nginx proves the same through a real nginx.
"""

import importlib
import os
from unittest import mock

import pytest
from django.test import Client

from tests.helpers import make_user

PASSWORD = "a-long-test-password-123"  # make_user's
NGINX = "127.0.0.1"
LIMIT = 3


def settings_made_from(environ):
    """The lock-out settings settings.py makes from ``environ`` (added to the test run's own)."""
    import safeguarding_site.settings as module

    with mock.patch.dict(os.environ, environ):
        made = importlib.reload(module)
        values = {
            name: getattr(made, name) for name in dir(made) if name.startswith("AXES_") or name == "TRUSTED_PROXIES"
        }
    importlib.reload(module)
    return values


@pytest.fixture
def behind_nginx(settings):
    """The site as deploy/README.md configures it: DJANGO_BEHIND_PROXY=1, nothing else."""
    for name, value in settings_made_from({"DJANGO_BEHIND_PROXY": "1"}).items():
        setattr(settings, name, value)
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(username, password, remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().post("/admin/login/", {"username": username, "password": password}, **extra)


def through_nginx(username, password, client_address):
    """A sign-in as nginx passes it on: from 127.0.0.1, X-Forwarded-For the client's address."""
    return sign_in(username, password, NGINX, forwarded_for=client_address)


def fail(times, username, client_address):
    return [through_nginx(username, "wrong", client_address).status_code for _ in range(times)]


def test_failures_from_one_address_lock_that_address_out_and_not_another(db, behind_nginx):
    make_user("Editor", "lee@example.org")
    assert fail(LIMIT, "lee@example.org", "127.0.0.2")[-1] == 429
    locked = through_nginx("lee@example.org", PASSWORD, "127.0.0.2")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # The real editor, elsewhere, still signs in.
    assert through_nginx("lee@example.org", PASSWORD, "127.0.0.3").status_code == 302


def test_the_lock_out_is_per_account(db, behind_nginx):
    make_user("Editor", "lee@example.org")
    make_user("Publisher", "sam@example.org")
    fail(LIMIT, "lee@example.org", "127.0.0.2")
    assert through_nginx("sam@example.org", PASSWORD, "127.0.0.2").status_code == 302
    assert through_nginx("lee@example.org", PASSWORD, "127.0.0.2").status_code == 429


def test_a_forged_forwarded_for_sent_straight_to_gunicorn_changes_nothing(db, behind_nginx):
    make_user("Editor", "lee@example.org")
    fail(LIMIT, "lee@example.org", "127.0.0.2")
    # The finding's header, and the one-entry form nginx itself sends.
    for forged in ["9.9.9.9, 1.2.3.4", "127.0.0.3", "127.0.0.3, 127.0.0.1"]:
        response = sign_in("lee@example.org", PASSWORD, "127.0.0.2", forwarded_for=forged)
        assert response.status_code == 429, forged


def test_failures_sent_straight_to_gunicorn_count_against_the_sender_not_the_forged_address(db, behind_nginx):
    make_user("Editor", "lee@example.org")
    for _attempt in range(LIMIT):
        sign_in("lee@example.org", "wrong", "127.0.0.2", forwarded_for="127.0.0.3")
    assert through_nginx("lee@example.org", PASSWORD, "127.0.0.3").status_code == 302
    assert through_nginx("lee@example.org", PASSWORD, "127.0.0.2").status_code == 429


def test_without_a_proxy_the_forwarded_for_header_is_ignored(db, settings):
    for name, value in settings_made_from({"DJANGO_BEHIND_PROXY": "0"}).items():
        setattr(settings, name, value)
    settings.AXES_FAILURE_LIMIT = LIMIT
    make_user("Editor", "lee@example.org")
    for _attempt in range(LIMIT):
        sign_in("lee@example.org", "wrong", "10.0.0.2")
    assert sign_in("lee@example.org", PASSWORD, "10.0.0.2", forwarded_for="10.0.0.3").status_code == 429
    assert sign_in("lee@example.org", PASSWORD, "10.0.0.3").status_code == 302


def test_another_proxy_can_be_trusted_instead(db, settings):
    """A load balancer at 10.0.0.0/24 in front: its X-Forwarded-For counts, nginx's address no longer does."""
    made = settings_made_from({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "10.0.0.0/24"})
    for name, value in made.items():
        setattr(settings, name, value)
    settings.AXES_FAILURE_LIMIT = LIMIT
    make_user("Editor", "lee@example.org")
    for _attempt in range(LIMIT):
        sign_in("lee@example.org", "wrong", "10.0.0.7", forwarded_for="203.0.113.9")
    assert sign_in("lee@example.org", PASSWORD, "10.0.0.7", forwarded_for="203.0.113.9").status_code == 429
    assert sign_in("lee@example.org", PASSWORD, "10.0.0.7", forwarded_for="203.0.113.10").status_code == 302
    # 127.0.0.1 is not a trusted proxy now: its header is ignored.
    assert sign_in("lee@example.org", PASSWORD, NGINX, forwarded_for="203.0.113.9").status_code == 302
