"""Visitor safety and privacy on every response: exit control, 999 line, headers, no trace."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from safeguarding_site.pages.models import EmergencyLine
from safeguarding_site.pages.views import server_error
from tests.helpers import normalise, published_paths, soup, text_of

CSP_REQUIRED = {
    "default-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
}


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_visitor_headers(response, path):
    directives = csp_directives(response)
    for name, value in CSP_REQUIRED.items():
        assert directives.get(name) == value, f"{path}: CSP {name} is {directives.get(name)!r}"
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header, path
    assert "unsafe-eval" not in header, path
    assert response["Referrer-Policy"] == "no-referrer", path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, path
    assert not response.cookies, path


@pytest.fixture
def every_public_path(site_content, client):
    return [*published_paths(client), "/no-such-page/", "/robots.txt", "/sitemap.xml"]


def test_security_and_privacy_headers_on_every_public_response(client, every_public_path):
    for path in every_public_path:
        assert_visitor_headers(client.get(path), path)


def test_browsers_are_told_not_to_store_pages_but_shared_caches_may(client, every_public_path):
    for path in every_public_path:
        response = client.get(path)
        assert response["Cache-Control"] == "private, no-store", path
        assert "Expires" not in response, path
        assert response["CDN-Cache-Control"] == "public, max-age=60", path
        assert "" not in [item.strip() for item in response.get("Vary", "x").split(",")], path


@override_settings(CDN_CACHE_SECONDS=15)
def test_shared_cache_lifetime_is_configurable(client, site_content):
    assert client.get("/")["CDN-Cache-Control"] == "public, max-age=15"


def test_bad_requests_carry_the_headers_too(client, site_content):
    for path in ["/a%00b/", "/" + "a" * 5000]:
        response = client.get(path)
        assert response.status_code in (400, 414)
        assert_visitor_headers(response, path)
        assert response["Cache-Control"] == "private, no-store"


def test_static_files_keep_long_lived_caching(client, site_content):
    stylesheet = soup(client.get("/")).find("link", rel="stylesheet")["href"]
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


@override_settings(DJANGO_HTTPS=True, SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False)
def test_hsts_is_sent_over_https(site_content):
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in Client().get("/")


def test_signed_in_editors_get_a_wider_policy_and_visitors_never_do(client, site_content):
    editor = get_user_model().objects.create_user("ed", password="a-long-test-password", is_staff=True)
    editor_client = Client()
    editor_client.force_login(editor)
    directives = csp_directives(editor_client.get("/"))
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == "'self'"
    assert editor_client.get("/")["CDN-Cache-Control"] == "no-store"
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]


def test_exit_control_and_999_line_on_every_page(client, every_public_path):
    for path in every_public_path:
        if path.endswith((".txt", ".xml")):
            continue
        page = soup(client.get(path))
        exits = page.find_all("a", attrs={"data-exit-this-page": True})
        assert len(exits) >= 2, path
        assert {a["href"] for a in exits} == {"https://www.bbc.co.uk/weather/"}, path
        assert all("noreferrer" in a["rel"] for a in exits), path
        skip_links = page.find_all("a", class_="skip-link")
        assert [a["href"] for a in skip_links][:2] == ["#main-content", "https://www.bbc.co.uk/weather/"], path
        button = page.find("a", class_="exit-this-page__button")
        assert text_of(button) == "Exit this page"
        assert page.find(attrs={"data-exit-live": True, "aria-live": "polite"}), path
        line = page.find(class_="emergency-line")
        assert "immediate danger" in text_of(line), path
        assert line.find("a", href="tel:999"), path
        assert line.find("a", href="tel:+448088005000"), path
        script = page.find("script", src=True)
        assert script["src"].startswith("/static/js/exit-this-page."), path
        # The line and the exit control come before the site header.
        assert button.find_next("header", class_="site-header") is not None, path


def test_exit_control_links_once_to_using_this_site_safely(client, site_content):
    page = soup(client.get("/guide/"))
    links = page.find_all("a", href="/using-this-site-safely/")
    assert len(links) == 1
    assert links[0].find_parent(class_="exit-this-page")


def test_long_pages_repeat_the_exit_button_at_the_bottom(client, site_content):
    page = soup(client.get("/guide/"))
    assert page.find("main").find(class_="exit-this-page--bottom").find("a", attrs={"data-exit-this-page": True})


@override_settings(EXIT_PAGE_URL="https://www.example.org/neutral/")
def test_exit_destination_is_configurable(client, site_content):
    hrefs = {a["href"] for a in soup(client.get("/")).find_all("a", attrs={"data-exit-this-page": True})}
    assert hrefs == {"https://www.example.org/neutral/"}


def test_editors_can_reword_the_999_line_but_not_remove_it(client, site_content):
    line = EmergencyLine.objects.get()
    line.danger_text = "Is a child in danger right now? Call"
    line.save()
    text = normalise(soup(client.get("/no-such-page/")).find(class_="emergency-line").get_text())
    assert text.startswith("Is a child in danger right now? Call 999.")
    # Deleting the row (or every page) cannot take the line off the site.
    EmergencyLine.objects.all().delete()
    from django.core.cache import cache

    cache.clear()
    page = soup(client.get("/no-such-page/"))
    assert page.find(class_="emergency-line").find("a", href="tel:999")
    assert normalise(page.find(class_="emergency-line").get_text()).startswith(EmergencyLine.DEFAULT_DANGER_TEXT)


def test_the_999_line_shows_before_any_page_is_published(client, db):
    """The line comes with the page tree's query; with no published page there is no row to carry it."""
    EmergencyLine.objects.update(danger_text="Is a child in danger right now? Call")  # its row comes with a migration
    line = soup(client.get("/no-such-page/")).find(class_="emergency-line")
    assert normalise(line.get_text()).startswith("Is a child in danger right now? Call 999.")


def test_the_emergency_line_cannot_be_deleted_in_the_admin(site_content):
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password")
    staff = Client()
    staff.force_login(admin_user)
    line = EmergencyLine.objects.get()
    response = staff.post(f"/admin/pages/emergencyline/{line.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert EmergencyLine.objects.exists()


def test_500_page_has_the_exit_control_and_999_line(rf, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    page = soup(response)
    assert page.find("a", class_="exit-this-page__button")["href"] == "https://www.bbc.co.uk/weather/"
    assert page.find(class_="emergency-line").find("a", href="tel:999")


def test_using_this_site_safely_explains_what_the_button_does_not_do(client, site_content):
    text = text_of(soup(client.get("/using-this-site-safely/")).find("main"))
    # What the script does (tests/browser/test_exit_this_page.py): it replaces the
    # current page only, so earlier pages of the site stay in the tab's history,
    # and without JavaScript the button is a plain link.
    assert "pressing Back once does not bring that page back" in text
    assert "pressing Back more than once can bring them back" in text
    assert "delete this site from your browser’s history" in text
    assert "Without it, the button still takes you to the weather page, but pressing Back brings this site back" in text
    assert "does not bring it back" not in text  # the old, wrong promise
    assert "private window" in text
    assert "Incognito" in text


def test_editors_get_same_origin_referrers_so_their_forms_pass_csrf(site_content):
    # Under no-referrer, browsers send "Origin: null" with a form post, which
    # Django's CSRF check refuses: the sign-in page and editors' pages must not use it.
    assert Client().get("/admin/login/")["Referrer-Policy"] == "same-origin"
    editor = get_user_model().objects.create_user("ref", password="a-long-test-password", is_staff=True)
    signed_in = Client()
    signed_in.force_login(editor)
    assert signed_in.get("/")["Referrer-Policy"] == "same-origin"
    assert Client().get("/")["Referrer-Policy"] == "no-referrer"


def test_a_sign_in_from_a_browser_with_an_origin_header_passes_csrf(site_content):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/admin/login/")
    token = soup(page).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    response = browser.post(
        "/admin/login/",
        {"username": "nobody@example.org", "password": "wrong", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200  # the form again, with "wrong password", not a 403


def test_favicon_is_served_not_a_404(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=604800"
