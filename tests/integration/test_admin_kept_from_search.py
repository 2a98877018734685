"""The admin's address stays private and out of search results (issue 15, finding 10)."""

import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches

import safeguarding_site.urls
from tests.helpers import make_user, signed_in_client

ADMIN_URL = "staff-door-4821/"


@pytest.fixture
def admin_moved(settings):
    """The admin at DJANGO_ADMIN_URL=staff-door-4821/ (the URLs are built from it when they load)."""
    original = settings.ADMIN_URL
    settings.ADMIN_URL = ADMIN_URL
    importlib.reload(safeguarding_site.urls)
    clear_url_caches()
    yield f"/{ADMIN_URL}"
    settings.ADMIN_URL = original
    importlib.reload(safeguarding_site.urls)
    clear_url_caches()


def test_robots_txt_does_not_name_the_admin(admin_moved, db):
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "staff-door" not in body
    assert "admin" not in body
    assert body.startswith("User-agent: *\n")
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_every_admin_answer_says_noindex(admin_moved, db):
    editor = signed_in_client(make_user("Editor"))
    answers = {
        "sign-in page": Client().get(f"{admin_moved}login/"),
        "failed sign-in": Client().post(f"{admin_moved}login/", {"username": "x@example.org", "password": "wrong"}),
        "admin home, signed out": Client().get(admin_moved),
        "admin home": editor.get(admin_moved),
        "editors' dashboard": editor.get(f"{admin_moved}dashboard/"),
        "unknown admin address": editor.get(f"{admin_moved}no-such-screen/"),
    }
    assert answers["sign-in page"].status_code == 200  # the admin really is at the moved address
    assert answers["admin home"].status_code == 200
    for name, response in answers.items():
        assert response.get("X-Robots-Tag") == "noindex, nofollow", name


def test_public_pages_may_be_indexed(admin_moved, site_content):
    # (The sitemap says noindex itself: Django's view, about the file, not the pages it lists.)
    for path in ["/", "/guide/", "/get-help/", "/robots.txt", "/admin/login/"]:
        assert not Client().get(path).has_header("X-Robots-Tag"), path
