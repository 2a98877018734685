"""Bad input at scale: 10,000+ malformed requests against every URL pattern, no 5xx.

A seeded generator (the same list every run, so a failure can be replayed)
mutates paths, query strings, headers, methods and bodies for each of the
site's URL patterns, in process through Django's full stack.
"""

import random

import pytest
from django.test import Client

from safeguarding_site.mirror.build import build

SEED = 20261124
REQUESTS = 10_500
# The list is run in parts, each a test, so pytest-xdist's workers share it (as one test of
# 35-40 s it could leave a worker running alone at a pass's end); together they send every request.
PARTS = 3
BASE_PATHS = [
    "/",
    "/guide/",
    "/guide/who-are-child-sex-offenders/",
    "/guide/what-information-can-i-get/",
    "/guide/if-you-are-worried-about-someone/",
    "/what-should-i-do/",
    "/what-should-i-do/child-in-danger-now/",
    "/what-should-i-do/check-someones-record/",
    "/get-help/",
    "/get-help/nspcc-helpline/",
    "/get-help/police-emergency/",
    "/using-this-site-safely/",
    "/privacy/",
    "/accessibility/",
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
    "/healthz",
    "/readyz",
    "/admin/login/",
    "/admin/",
    "/admin/dashboard/",
    "/static/css/site.css",
]
NASTY = [
    "%00", "%ff", "%c0%af", "..", "%2e%2e%2f", "//", "\\", "%", "%%", "%zz", "é", "%E2%80%AE", "<script>",
    "'", '"', ";", "|", "`", "$(id)", "{{7*7}}", "{% debug %}", "\u202e", "\ufeff", "😀", "a" * 300,
    "%0d%0aSet-Cookie:x=y", "?", "#", "&", "=", "+", " ", "%20", "\t", "index.php", ".env", "wp-admin",
]  # fmt: skip
METHODS = ["GET"] * 6 + ["HEAD", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=zzz",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "application/octet-stream",
    "garbage/;;;",
]
HEADER_VALUES = [
    "", "x", "a" * 2000, "\x00", "é", "${jndi:ldap://x}", "() { :; }; echo", "127.0.0.1, 10.0.0.1", "https",
    "http, https", "en-GB,en;q=0.9", "*;q=nonsense", "gzip, br", "max-age=0", "bytes=0-",
]  # fmt: skip
HEADERS = [
    "HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT", "HTTP_ACCEPT_ENCODING", "HTTP_REFERER", "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_ORIGIN", "HTTP_RANGE",
    "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_NONE_MATCH", "HTTP_AUTHORIZATION", "HTTP_CACHE_CONTROL",
]  # fmt: skip
COOKIES = [
    "sessionid=nonsense", "csrftoken=x", "sessionid=" + "a" * 4000, "=;;=", "django_language=xx",
    "sessionid=%00", "a=b; c", "\x00",
]  # fmt: skip
HOSTS = ["127.0.0.1", "localhost", "testserver", "evil.example", "127.0.0.1:99999", "[::1", "a..b", "", "é.example"]


def mutate_path(rng, path):
    choice = rng.random()
    if choice < 0.25:
        return path
    if choice < 0.5:
        return path + rng.choice(NASTY)
    if choice < 0.7:
        return path.rstrip("/") + "/" + rng.choice(NASTY) + "/"
    if choice < 0.85:
        cut = rng.randrange(len(path) + 1)
        return path[:cut] + rng.choice(NASTY) + path[cut:]
    return "/" + "/".join(rng.choice(NASTY) for _ in range(rng.randint(1, 6)))


def query(rng):
    choice = rng.random()
    if choice < 0.4:
        return ""
    if choice < 0.6:
        return "situation=" + rng.choice(["child-in-danger-now", "nope", "", "%00", "a" * 100, "worried-about-someone"])
    if choice < 0.8:
        return "&".join(f"{rng.choice(NASTY)}={rng.choice(NASTY)}" for _ in range(rng.randint(1, 8)))
    if choice < 0.9:
        return "situation=a&situation=b&toolbar_on&edit&structure"
    return "x=" + "y" * rng.choice([10, 1000, 3000])


def body(rng):
    choice = rng.random()
    if choice < 0.5:
        return b""
    if choice < 0.7:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200)))
    if choice < 0.8:
        return b'--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--zzz'  # unterminated
    if choice < 0.9:
        return b"a=1&" * rng.randint(1, 1500)  # up to 1,500 fields
    return b'{"username": ' * rng.randint(1, 50)


def as_on_the_wire(value):
    """What a WSGI server puts in the environ: the bytes sent, decoded as latin-1 (PEP 3333)."""
    return value.encode("utf-8").decode("iso-8859-1")


def generated_requests():
    rng = random.Random(SEED)
    for index in range(REQUESTS):
        path = mutate_path(rng, BASE_PATHS[index % len(BASE_PATHS)])
        extra = {"QUERY_STRING": query(rng)}
        for _ in range(rng.randint(0, 3)):
            extra[rng.choice(HEADERS)] = rng.choice(HEADER_VALUES)
        if rng.random() < 0.2:
            extra["HTTP_COOKIE"] = rng.choice(COOKIES)
        if rng.random() < 0.15:
            extra["HTTP_HOST"] = rng.choice(HOSTS)
        extra = {name: as_on_the_wire(value) for name, value in extra.items()}
        yield rng.choice(METHODS), path, body(rng), rng.choice(CONTENT_TYPES), extra


@pytest.mark.django_db
@pytest.mark.once_on_postgres  # make test's PostgreSQL pass: the stricter database (it refuses NUL characters)
@pytest.mark.usefixtures("production_static_files")  # as served, and one Client: indexed once
@pytest.mark.parametrize("part", range(PARTS))
def test_ten_thousand_malformed_requests_get_no_5xx(site_content, part, request):
    if part != 0:
        # With a mirror, as a deployment runs: a visitor's 404 page is then the mirror's copy
        # (pages/views.py). The first part has none, so Django renders its 404 pages.
        request.getfixturevalue("mirror_root")
        build()
    client = Client(raise_request_exception=False)
    failures = []
    count = 0
    for index, (method, path, data, content_type, extra) in enumerate(generated_requests()):
        if index % PARTS != part:
            continue  # generated all the same: the list is one list, whichever part runs
        count += 1
        try:
            response = client.generic(method, path, data=data, content_type=content_type, **extra)
        except Exception as error:  # noqa: BLE001 - an exception escaping the stack is a failure too
            failures.append((method, path, extra, repr(error)))
            continue
        if response.status_code >= 500:
            failures.append((method, path, extra, response.status_code))
        client.cookies.clear()
    assert REQUESTS >= 10_000
    assert count == len(range(part, REQUESTS, PARTS))
    assert not failures, f"{len(failures)} of {count} requests failed, e.g. {failures[:5]}"
