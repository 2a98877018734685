"""The fast path's memory stays bounded whatever Host header a client sends.

Seen from outside: 10,500 requests to the directory filter, each with a random
port in the Host header, took a worker from 63 to 111 MB, still rising. Every
port was a key of its own, and the names each page's view declared were kept
per key, never trimmed.
"""

import random

import brotli
import pytest
from django.test import Client, override_settings

from safeguarding_site.pages.fastpath import STORE
from tests.integration.test_fast_pages import requests_django_handled, wsgi_get

# The filter form left on "All situations": a value now redirects to its path (directory/urls.py).
FILTER = "situation="
SERVED_PORT = "8000"  # wsgi_get's SERVER_PORT: the port gunicorn listens on


def random_ports(count):
    rng = random.Random(17)
    return [str(rng.randint(1, 99_999_999)) for _ in range(count)]


def test_random_host_ports_add_nothing_to_the_store(site_content):
    for port in random_ports(150):
        status, _headers, body = wsgi_get("/get-help/", QUERY_STRING=FILTER, HTTP_HOST=f"127.0.0.1:{port}")
        assert status == "200 OK"
        assert b"I am a child or young person and need to talk" in body
    for port in random_ports(30):
        response = Client().get(f"/get-help/?{FILTER}", HTTP_HOST=f"127.0.0.1:{port}")
        assert response.status_code == 200
    assert STORE.counts() == {"pages": 0, "query_parameters": 0}


@pytest.mark.parametrize("host", ["127.0.0.1:08000", "LOCALHOST", "Localhost:8000", "localhost.", "127.0.0.1.:8000"])
def test_other_spellings_of_a_host_are_not_keys_either(site_content, host):
    status, _headers, _body = wsgi_get("/get-help/", QUERY_STRING=FILTER, HTTP_HOST=host)
    assert status == "200 OK"
    assert STORE.counts() == {"pages": 0, "query_parameters": 0}


@pytest.mark.parametrize("host", ["127.0.0.1", f"127.0.0.1:{SERVED_PORT}"])
def test_the_host_as_served_is_still_answered_from_memory(site_content, host):
    first = wsgi_get("/get-help/", QUERY_STRING=FILTER, HTTP_HOST=host)
    with requests_django_handled() as calls:
        again = wsgi_get("/get-help/", QUERY_STRING=FILTER, HTTP_HOST=host)
        assert calls == []
    assert again == first
    assert STORE.counts() == {"pages": 1, "query_parameters": 1}


@override_settings(ALLOWED_HOSTS=[".example.org"], FASTPATH_MAX_ENTRIES=20)
def test_the_store_is_bounded_even_when_any_subdomain_is_allowed(site_content):
    """ALLOWED_HOSTS with a wildcard: each host is a key, and both dictionaries keep the newest 20."""
    for number in range(45):
        status, _headers, _body = wsgi_get("/get-help/", QUERY_STRING=FILTER, HTTP_HOST=f"n{number}.example.org")
        assert status == "200 OK"
    counts = STORE.counts()
    assert counts == {"pages": 20, "query_parameters": 20}


def test_a_host_that_is_not_a_key_still_gets_the_page_compressed(site_content):
    """Behind nginx on a port of its own, every Host says a port gunicorn is not on: same bytes, same coding."""
    plain = Client().get(f"/get-help/?{FILTER}", HTTP_ACCEPT_ENCODING="br")
    other = Client().get(f"/get-help/?{FILTER}", HTTP_ACCEPT_ENCODING="br", HTTP_HOST="127.0.0.1:8080")
    assert other.status_code == 200
    assert other["Content-Encoding"] == plain["Content-Encoding"] == "br"
    assert brotli.decompress(other.content) == brotli.decompress(plain.content)
    assert STORE.counts() == {"pages": 1, "query_parameters": 1}  # the plain host's only
