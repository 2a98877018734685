"""Health checks, and failures survived: the database or the cache going away."""

import json

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, override_settings

from tests.helpers import soup, text_of


class DatabaseSwitch:
    """Makes every query fail as it would with the database server stopped, and back."""

    def __init__(self):
        self.down = False
        self.execute, self.executemany = CursorWrapper.execute, CursorWrapper.executemany
        switch = self

        def execute(cursor, *args, **kwargs):
            switch.refuse_if_down()
            return switch.execute(cursor, *args, **kwargs)

        def executemany(cursor, *args, **kwargs):
            switch.refuse_if_down()
            return switch.executemany(cursor, *args, **kwargs)

        CursorWrapper.execute, CursorWrapper.executemany = execute, executemany

    def refuse_if_down(self):
        if self.down:
            raise OperationalError("connection refused (simulated)")

    def __call__(self, down=True):
        self.down = down

    def restore(self):
        CursorWrapper.execute, CursorWrapper.executemany = self.execute, self.executemany


@pytest.fixture
def database_down(db):
    """Call it to stop the database, or with False to start it again."""
    switch = DatabaseSwitch()
    yield switch
    switch.restore()  # before the test database is rolled back


def test_healthz_answers_without_the_database(site_content, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "private, no-store"
    assert response["CDN-Cache-Control"] == "no-store"


def test_readyz_checks_database_and_cache(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}


def test_readyz_says_503_when_the_database_is_down(db, database_down):
    database_down()
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"].startswith("unavailable")


def test_health_checks_are_never_kept_by_a_shared_cache(site_content):
    client = Client()
    for path in ("/healthz", "/readyz"):
        assert client.get(path)["CDN-Cache-Control"] == "no-store"


def test_database_down_django_answers_with_the_503_page_and_its_numbers(site_content, database_down):
    """Visitors' pages come from the mirror's files then (test_mirror.py); what reaches Django gets this."""
    database_down()
    response = Client(raise_request_exception=False).get("/guide/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    text = text_of(page.find("main"))
    assert page.find("a", href="tel:999")
    assert page.find("a", href="tel:+448088005000")  # NSPCC
    assert page.find("a", href="tel:+448081000900")  # Stop It Now!
    assert "Stop It Now!" in text


def test_the_site_recovers_by_itself_when_the_database_returns(site_content, database_down):
    client = Client(raise_request_exception=False)
    client.get("/healthz")  # finishes the content load's own request cycle (django CMS's URL reload trigger)
    database_down()
    assert client.get("/guide/").status_code == 503
    database_down(False)
    assert client.get("/guide/").status_code == 200


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "safeguarding_site.ops.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_with_redis_down_pages_are_served_from_the_database(site_content):
    client = Client(raise_request_exception=False)
    for path in ["/", "/guide/who-are-child-sex-offenders/", "/get-help/", "/what-should-i-do/child-in-danger-now/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(soup(response).find_all("h1")) == 1
    assert cache.get("anything", "default") == "default"
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert json.loads(ready.content)["cache"].startswith("unavailable")
