"""The client-address rule the sign-in lock-out uses (safeguarding_site/editors/client_address.py)."""

import importlib
import os
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeguarding_site.editors.client_address import client_address, trusted_proxies_from_environment

# No database or cache of the run's own: checked once, in the SQLite pass
# (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database

LOCAL_NGINX = ["127.0.0.1/32", "::1/128"]


def address(remote_addr, forwarded_for=None, proxies=LOCAL_NGINX):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(meta, proxies)


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "expected"),
    [
        # What deploy/'s nginx sends: one entry, the client's address.
        ("127.0.0.1", "127.0.0.2", "127.0.0.2"),
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        # nginx with $proxy_add_x_forwarded_for: whatever the client wrote, then its address.
        ("127.0.0.1", "9.9.9.9, 203.0.113.9", "203.0.113.9"),
        # Through nginx from nginx's own machine: the local client, not a written address.
        ("127.0.0.1", "127.0.0.1", "127.0.0.1"),
        # A proxy that sends nothing, or something that is not an address: its own (fails closed).
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "unknown", "127.0.0.1"),
        ("127.0.0.1", "9.9.9.9, garbage", "127.0.0.1"),
        # Straight to gunicorn from anything but a trusted proxy: the header is ignored.
        ("127.0.0.2", "9.9.9.9, 1.2.3.4", "127.0.0.2"),
        ("127.0.0.2", "127.0.0.3", "127.0.0.2"),
        ("203.0.113.9", "127.0.0.1", "203.0.113.9"),
        # gunicorn bound to [::] reports IPv4 clients as IPv4-mapped IPv6.
        ("::ffff:127.0.0.1", "127.0.0.2", "127.0.0.2"),
        ("::ffff:127.0.0.2", "9.9.9.9", "127.0.0.2"),
    ],
)
def test_the_client_is_remote_addr_unless_a_trusted_proxy_reports_it(remote_addr, forwarded_for, expected):
    assert address(remote_addr, forwarded_for) == expected


def test_no_trusted_proxy_means_remote_addr_always():
    assert address("127.0.0.1", "127.0.0.2", proxies=[]) == "127.0.0.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    """A load balancer (10.0.0.0/24) in front of nginx, both trusted: the address the first one saw."""
    proxies = ["10.0.0.0/24", "127.0.0.1/32"]
    assert address("127.0.0.1", "9.9.9.9, 203.0.113.9, 10.0.0.4", proxies) == "203.0.113.9"
    assert address("10.0.0.4", "203.0.113.9", proxies) == "203.0.113.9"


def test_no_remote_addr_gives_no_address():
    assert client_address({}, LOCAL_NGINX) is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, []),
        ({"DJANGO_BEHIND_PROXY": "0"}, []),
        ({"DJANGO_BEHIND_PROXY": "1"}, LOCAL_NGINX),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": ""}, LOCAL_NGINX),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "10.0.0.5"}, ["10.0.0.5/32"]),
        (
            {"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": " 10.0.0.0/24, 127.0.0.1 ,fd00::/8"},
            ["10.0.0.0/24", "127.0.0.1/32", "fd00::/8"],
        ),
    ],
)
def test_trusted_proxies_come_from_the_environment(environ, expected):
    assert trusted_proxies_from_environment(environ) == expected


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "nginx.local"}, "'nginx.local' is not an IP address"),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "10.0.0.5/24"}, "'10.0.0.5/24' is not an IP address"),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": ","}, "lists no address"),
        ({"DJANGO_TRUSTED_PROXIES": "10.0.0.5"}, "set DJANGO_BEHIND_PROXY=1"),
    ],
)
def test_a_bad_proxy_setting_stops_the_site_with_a_clear_message(environ, message):
    import safeguarding_site.settings as module

    try:
        with mock.patch.dict(os.environ, environ), pytest.raises(ImproperlyConfigured, match=message):
            importlib.reload(module)
    finally:
        importlib.reload(module)
