"""The anonymous fast path: warm pages from memory, and never a stale page after a publish."""

import contextlib
import gzip

import brotli
import pytest
import redis
from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import Service
from safeguarding_site.editors.roles import EDITOR
from safeguarding_site.pages.fastpath import (
    CONTENT_VERSION_CHANNEL,
    CONTENT_VERSION_KEY,
    STORE,
    WATCHER,
    content_version,
)
from safeguarding_site.pages.models import EmergencyLine
from tests.helpers import make_user, signed_in_client, soup, text_of

PATH = "/guide/who-are-child-sex-offenders/"


def test_a_warm_anonymous_page_costs_no_query_and_keeps_every_header(client, site_content, django_assert_num_queries):
    first = client.get(PATH)
    with django_assert_num_queries(0):
        second = client.get(PATH)
    assert second.status_code == 200
    assert second.content == first.content
    for header in [
        "Content-Security-Policy",
        "Cache-Control",
        "CDN-Cache-Control",
        "Referrer-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "Content-Type",
    ]:
        assert second[header] == first[header], header
    assert not second.cookies


def test_app_pages_are_answered_from_memory_too(client, site_content, django_assert_num_queries):
    for path in ["/get-help/", "/get-help/nspcc-helpline/", "/what-should-i-do/child-in-danger-now/"]:
        client.get(path)
        with django_assert_num_queries(0):
            assert client.get(path).status_code == 200


def test_a_publish_reaches_every_instance_on_the_next_request(site_content):
    instance_a, instance_b = Client(), Client()  # two app servers: separate memories, one shared cache
    for instance in (instance_a, instance_b):
        instance.get(PATH)
        instance.get(PATH)
    user = get_user_model().objects.create_user("pub", password="a-long-test-password")
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    draft = Version.objects.get_for_content(PageContent.objects.get(page=page, language="en")).copy(user)
    for plugin in draft.content.get_placeholders().get(slot="content").get_plugins():
        bound = plugin.get_bound_plugin()
        if "huge role" in getattr(bound, "body", ""):
            bound.body = bound.body.replace("huge role", "vital role")
            bound.save()
    for instance in (instance_a, instance_b):
        assert "huge role" in text_of(soup(instance.get(PATH)).find("main"))  # a draft changes nothing
    draft.publish(user)
    for instance in (instance_a, instance_b):
        text = text_of(soup(instance.get(PATH)).find("main"))
        assert "vital role" in text
        assert "huge role" not in text


def test_a_change_to_the_999_line_is_on_the_next_page_served(client, site_content):
    client.get("/")
    client.get("/")
    line = EmergencyLine.objects.get()
    line.danger_text = "Child in danger now? Call"
    line.save()
    assert "Child in danger now? Call" in text_of(soup(client.get("/")).find(class_="emergency-line"))


def test_requests_with_cookies_go_through_the_whole_stack_and_each_filter_gets_its_own_page(client, site_content):
    client.get("/get-help/")
    client.get("/get-help/")
    client.cookies["sessionid"] = "not-a-session"
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/get-help/").status_code == 200
    assert len(queries) > 0
    anonymous = Client()
    anonymous.get("/get-help/for/childline/")
    response = anonymous.get("/get-help/for/young-person-needs-to-talk/")
    assert [text_of(s.h2) for s in soup(response).find_all("section", class_="situation")] == [
        "A child is in immediate danger",  # first whatever is chosen (test_get_help_layout.py)
        "I am a child or young person and need to talk",
    ]


@pytest.fixture
def editor_client(site_content):
    return signed_in_client(make_user(EDITOR))


def test_editors_never_get_or_leave_a_copy(editor_client):
    body = editor_client.get(PATH).content.decode()
    anonymous = Client()
    assert anonymous.get(PATH).content.decode() != body  # the editor's page carries the toolbar


@override_settings(FASTPATH_ENABLED=False)
def test_the_fast_path_can_be_switched_off(client, site_content):
    client.get(PATH)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PATH).status_code == 200
    assert len(queries) > 0


def wsgi_get(path, **extra):
    """Call the WSGI application gunicorn serves, as gunicorn would."""
    import io

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from safeguarding_site.wsgi import application

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        **extra,
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)

    # Django's handler closes the database connection when a request starts
    # (close_old_connections). Inside the test's transaction that would close it for
    # the rest of the test on any database but SQLite's in-memory one, so, as Django's
    # test client does, the request runs without that.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):  # as a WSGI server does: Django sends request_finished here
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


@contextlib.contextmanager
def requests_django_handled():
    """A list that gets one item for each request Django's handler starts on (request_started) meanwhile."""
    from django.core.signals import request_started

    calls = []

    def count(**kwargs):
        calls.append(1)

    request_started.connect(count)
    try:
        yield calls
    finally:
        request_started.disconnect(count)


def test_the_wsgi_wrapper_answers_a_stored_page_before_django(site_content, django_assert_num_queries):
    status, headers, body = wsgi_get(PATH)
    assert status == "200 OK"
    with requests_django_handled() as calls:
        with django_assert_num_queries(0):
            again_status, again_headers, again_body = wsgi_get(PATH)
        assert calls == []  # Django's handler never ran
        assert (again_status, again_body) == (status, body)
        assert again_headers["Content-Security-Policy"] == headers["Content-Security-Policy"]
        assert again_headers["Cache-Control"] == "private, no-store"
        wsgi_get(PATH, HTTP_COOKIE="sessionid=x")
        wsgi_get(PATH, QUERY_STRING="a=b")
        assert len(calls) == 2  # a cookie or an undeclared query parameter goes to Django


def test_the_wsgi_wrapper_never_answers_for_a_host_django_would_refuse(site_content):
    wsgi_get(PATH)
    status, _headers, _body = wsgi_get(PATH, HTTP_HOST="evil.example.com")
    assert status.startswith("400")


# Queries for a full render with every cache empty (what `make bench` reports as the
# uncached render). The page frame (navigation, breadcrumbs, guide contents, keyed
# links, review dates, the 999 line) is read in one query; django CMS's URL check
# (the content version has moved: the cache was emptied), page lookup, content and
# placeholders are the rest, with a query per plugin type. A new N+1 (a query per
# part, per service) fails here. The ceiling is 10 for any page.
# Each includes django CMS's check that the page has no view restrictions (one query,
# two for a page with a parent: its page permissions, CMS_PERMISSION, keep Editors
# from live changes).
UNCACHED_QUERY_BUDGET = {
    "/": 9,  # with the situations, listed on its first screen
    "/guide/who-are-child-sex-offenders/": 9,
    # A part with update notes and "Services for a situation": the situation comes
    # with its plugin's row, its services with their numbers in one more query.
    "/guide/if-you-are-worried-about-someone/": 11,
    "/guide/": 11,  # its own and every part's placeholders and plugins, loaded together
    "/get-help/": 10,
    # django CMS's apphook resolver reads the page for an app's own address (cms.appresolver).
    "/get-help/for/young-person-needs-to-talk/": 11,
    "/get-help/nspcc-helpline/": 8,
    "/what-should-i-do/": 9,
    "/what-should-i-do/child-in-danger-now/": 8,
    "/privacy/": 8,
}


@pytest.mark.parametrize("path", list(UNCACHED_QUERY_BUDGET))
def test_an_uncached_render_stays_within_its_query_budget(client, site_content, path, django_assert_max_num_queries):
    # Settle django CMS's URL configuration after the load (a test-only cost: the
    # load's URL revision is in this test's rolled-back transaction).
    client.get(path)
    cache.clear()
    STORE.clear()
    client.get(path)
    cache.clear()  # every cache empty, the fast path's copies too
    STORE.clear()
    with django_assert_max_num_queries(UNCACHED_QUERY_BUDGET[path]):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("change", ["emergency line", "directory"])
def test_a_change_invalidates_again_once_it_is_committed(site_content, change, django_capture_on_commit_callbacks):
    """Between a save and its commit another worker may store the old page under the
    new version; the version must change again after the commit, orphaning that copy."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        if change == "emergency line":
            line = EmergencyLine.current()
            line.danger_text += " "
            line.save()
        else:
            service = Service.objects.first()
            service.name += " "
            service.save()
        before_commit = content_version()
    assert callbacks, "nothing was left to do after the commit"
    assert content_version() != before_commit


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),  # Chromium
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_anonymous_pages_are_compressed_when_the_browser_accepts_it(client, site_content, accept_encoding, expected):
    plain = Client().get(PATH).content
    extra = {"HTTP_ACCEPT_ENCODING": accept_encoding} if accept_encoding else {}
    for attempt in ("rendered", "from memory"):  # the visitor who caused the render gets the same bytes
        response = client.get(PATH, **extra)
        assert response.get("Content-Encoding") == expected, attempt
        assert int(response["Content-Length"]) == len(response.content)
        assert {"Cookie", "Accept-Encoding"} <= {item.strip() for item in response["Vary"].split(",")}
        body = response.content
        if expected == "br":
            body = brotli.decompress(body)
        elif expected == "gzip":
            body = gzip.decompress(body)
        assert body == plain, attempt
        if expected:
            assert len(response.content) < len(plain) / 2


def test_the_wsgi_wrapper_sends_the_encoding_the_browser_accepts(site_content):
    wsgi_get(PATH)
    _status, plain_headers, plain = wsgi_get(PATH)
    _status, headers, body = wsgi_get(PATH, HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain_headers
    assert headers["Content-Encoding"] == "br"
    assert headers["Content-Length"] == str(len(body))
    assert brotli.decompress(body) == plain
    assert headers["Content-Security-Policy"] == plain_headers["Content-Security-Policy"]


def test_editors_pages_are_never_compressed_by_the_site(editor_client):
    """Their pages hold CSRF tokens: compressing them next to anything reflected is the BREACH attack."""
    for _ in range(2):
        response = editor_client.get(PATH, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200
        assert "Content-Encoding" not in response


# With Redis (the PostgreSQL + Redis run): the version is pushed, not read per request.
with_redis = pytest.mark.skipif(
    not isinstance(caches["default"], RedisCache), reason="Redis publish/subscribe: runs in make test-postgres"
)


@with_redis
def test_with_redis_a_warm_page_needs_no_round_trip_and_a_change_made_elsewhere_is_seen_next(
    site_content, monkeypatch, django_assert_num_queries
):
    wsgi_get(PATH)
    _status, _headers, before = wsgi_get(PATH)
    backend = caches["default"]

    def no_round_trip(*args, **kwargs):
        raise AssertionError("a warm page read the shared cache")

    with monkeypatch.context() as patched:
        patched.setattr(backend, "get", no_round_trip)
        with django_assert_num_queries(0):
            assert wsgi_get(PATH)[2] == before

    # Another instance publishes: it writes the new version, then announces a change.
    # (The announcement is not trusted for the value: two editors' writes and
    # announcements can interleave, and only the version written last is right.)
    other = redis.Redis.from_url(backend._servers[0])
    try:
        backend.set(CONTENT_VERSION_KEY, "published-elsewhere", None)
        assert other.publish(CONTENT_VERSION_CHANNEL, "an-earlier-change") >= 1  # this worker listens
    finally:
        other.close()
    with CaptureQueriesContext(connection) as queries:
        assert wsgi_get(PATH)[0] == "200 OK"
    assert len(queries) > 0  # rendered afresh: the stored copy was for the old version
    assert content_version() == "published-elsewhere"


@with_redis
def test_with_redis_a_lost_subscription_falls_back_to_reading_the_version(site_content):
    wsgi_get(PATH)
    assert WATCHER.current() is not None
    # The connection drops; meanwhile another instance publishes a change nobody hears.
    WATCHER.pubsub.connection.disconnect()
    caches["default"].set(CONTENT_VERSION_KEY, "changed-while-disconnected", None)
    # redis-py reconnects by itself; the watcher reads the version again rather than trust its old one.
    assert content_version() == "changed-while-disconnected"
