"""The site's own answers where Django's defaults would show: a failed CSRF check, and the sitemap's addresses."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.helpers import make_user, soup, text_of


def assert_site_page_with_exit_and_999(response):
    """The site's own page: styled from its stylesheet, exit control, 999 line, no cookie."""
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.find("main", id="main-content")
    assert page.find("a", class_="exit-this-page__button")["href"] == settings.EXIT_PAGE_URL
    assert page.find(class_="emergency-line").find("a", href="tel:999")
    # Nothing inline (the CSP would block it): Django's own CSRF page has a <style>.
    assert not page.find("style")
    assert page.find("link", rel="stylesheet")
    assert not response.cookies
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("path", ["/", "/get-help/", "/guide/", "/what-should-i-do/", "/no-such-page/"])
def test_a_post_without_a_csrf_token_gets_the_sites_403_page(site_content, path):
    response = Client(enforce_csrf_checks=True).post(path, {"situation": "x"})
    assert response.status_code == 403
    assert_site_page_with_exit_and_999(response)
    text = text_of(soup(response).find("main"))
    assert "could not be sent" in text
    assert "cookie" not in text.lower()  # the site promises visitors no cookies
    assert "sign in" not in text.lower()  # nor are they editors
    assert response["Cache-Control"] == "private, no-store"
    assert response["CDN-Cache-Control"] == "no-store"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_failed_csrf_check_is_not_what_the_next_visitor_gets(site_content):
    Client(enforce_csrf_checks=True).post("/get-help/")
    response = Client().get("/get-help/")
    assert response.status_code == 200
    assert soup(response).find("h1").get_text(strip=True) != "Sorry, that could not be sent"


def test_a_sign_in_without_a_csrf_token_gets_the_403_page_telling_the_editor_what_to_do(site_content):
    response = Client(enforce_csrf_checks=True).post(
        f"/{settings.ADMIN_URL}login/", {"username": "nobody@example.org", "password": "wrong"}
    )
    assert response.status_code == 403
    assert_site_page_with_exit_and_999(response)
    assert "Reload the page and sign in again" in text_of(soup(response).find("main"))


def test_an_editors_form_that_fails_the_csrf_check_gets_the_403_page(site_content):
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(make_user("Publisher"))
    response = editor.post(f"/{settings.ADMIN_URL}directory/service/add/", {"name": "Anything"})
    assert response.status_code == 403
    page = soup(response)
    assert page.find("a", class_="exit-this-page__button")
    assert page.find(class_="emergency-line").find("a", href="tel:999")
    assert "Reload the page and sign in again" in text_of(page.find("main"))


def sitemap_locations(response):
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


HOSTS = ["keeping-children-safe.example.org", "127.0.0.1:8000"]


@override_settings(ALLOWED_HOSTS=["keeping-children-safe.example.org", "127.0.0.1"])
def test_the_sitemap_lists_addresses_on_the_host_the_request_came_to(site_content):
    for host in HOSTS:
        port = host.partition(":")[2] or "80"  # the port the request came in on, as the Host says
        locations = sitemap_locations(Client().get("/sitemap.xml", HTTP_HOST=host, SERVER_PORT=port))
        assert len(locations) > 20
        assert {urlsplit(location)[:2] for location in locations} == {("http", host)}
        assert f"http://{host}/" in locations
        assert f"http://{host}/get-help/nspcc-helpline/" in locations


@override_settings(ALLOWED_HOSTS=["keeping-children-safe.example.org"], SECURE_SSL_REDIRECT=True)
def test_the_sitemap_lists_https_addresses_when_served_over_https(site_content):
    """DJANGO_HTTPS=1 behind nginx: gunicorn, told X-Forwarded-Proto: https by nginx, says https (wsgi.url_scheme)."""
    host = "keeping-children-safe.example.org"
    for _ in range(2):
        response = Client().get("/sitemap.xml", HTTP_HOST=host, secure=True)
        locations = sitemap_locations(response)
        assert {urlsplit(location)[:2] for location in locations} == {("https", host)}
    assert "example.com" not in response.content.decode()
