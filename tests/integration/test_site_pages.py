"""Site-wide: every published page and every URL the site exposes."""

import pytest
from django.test import Client, override_settings

from content.loader import read_directory
from safeguarding_site.pages.views import server_error
from tests.helpers import published_paths, soup

EXPECTED_PAGES = {
    "/",
    "/guide/",
    "/guide/who-are-child-sex-offenders/",
    "/guide/what-information-can-i-get/",
    "/guide/if-you-are-worried-about-someone/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/using-this-site-safely/",
    "/get-help/",
    "/what-should-i-do/",
}


@pytest.fixture
def pages(site_content, client):
    return published_paths(client)


def test_sitemap_lists_every_published_page(pages):
    assert set(pages) >= EXPECTED_PAGES
    services = {path for path in pages if path.startswith("/get-help/") and path != "/get-help/"}
    situations = {path for path in pages if path.startswith("/what-should-i-do/") and path != "/what-should-i-do/"}
    assert set(pages) == EXPECTED_PAGES | services | situations
    assert "/get-help/nspcc-helpline/" in services
    assert len(services) == 10
    assert "/what-should-i-do/child-in-danger-now/" in situations
    assert len(situations) == len(read_directory()["situations"])  # one page each


def test_every_published_page_is_a_well_formed_page(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "text/html; charset=utf-8"
        page = soup(response)
        assert len(page.find_all("h1")) == 1, f"{path} must have exactly one <h1>"
        mains = page.find_all("main")
        assert len(mains) == 1, path
        assert mains[0]["id"] == "main-content"
        assert mains[0].find("h1") is not None, f"{path}: the <h1> belongs in <main>"
        assert page.html["lang"] == "en-GB"
        assert page.title.string.strip(), path


def test_layout_on_every_page(client, pages):
    for path in [*pages, "/no-such-page/"]:
        page = soup(client.get(path))
        focusable = page.body.find_all(["a", "button", "input", "select", "textarea"])
        assert focusable[0].get("class") == ["skip-link"], f"{path}: the skip link must come first"
        assert focusable[0]["href"] == "#main-content"
        assert page.find("header", class_="site-header").find("nav", attrs={"aria-label": "Main"}), path
        footer = page.find("footer")
        footer_links = {a["href"] for a in footer.find_all("a")}
        assert {"/accessibility/", "/privacy/"} <= footer_links, path
        assert "Open Government Licence v3.0" in footer.get_text(), path


def test_main_navigation_is_the_cms_menu(client, site_content):
    nav = soup(client.get("/guide/who-are-child-sex-offenders/")).find("nav", attrs={"aria-label": "Main"})
    links = {a.get_text(strip=True): a for a in nav.find_all("a")}
    assert list(links) == ["Home", "What should I do?", "The guide", "Get help"]
    assert links["The guide"]["aria-current"] == "true"


def test_breadcrumbs_lead_back_through_the_guide(client, site_content):
    crumbs = soup(client.get("/guide/what-information-can-i-get/")).find("nav", attrs={"aria-label": "Breadcrumb"})
    items = crumbs.find_all("li")
    assert [item.get_text(strip=True) for item in items] == ["Home", "The guide", "Information you can get"]
    assert items[-1].find(attrs={"aria-current": "page"}) is not None
    assert soup(client.get("/")).find("nav", attrs={"aria-label": "Breadcrumb"}) is None


def test_no_cookies_for_an_anonymous_visitor(client, pages):
    for path in [*pages, "/no-such-page/", "/robots.txt", "/sitemap.xml"]:
        response = client.get(path)
        assert not response.cookies, f"{path} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, path


def test_pages_load_nothing_from_elsewhere_and_nothing_inline(client, pages):
    for path in pages:
        page = soup(client.get(path))
        for tag in page.find_all(["script", "link", "img", "iframe", "source", "video", "audio", "object", "embed"]):
            address = tag.get("src") or tag.get("href") or tag.get("data") or ""
            if tag.name == "link" and "stylesheet" not in tag.get("rel", []) and "icon" not in tag.get("rel", []):
                continue
            if tag.name == "script" and tag.get("type") == "application/ld+json":
                continue  # structured data, not loaded or run
            assert address.startswith("/"), f"{path}: {tag}"
            assert not address.startswith("//"), f"{path}: {tag}"
        inline = [
            script for script in page.find_all("script", src=False) if script.get("type") != "application/ld+json"
        ]
        assert not inline, f"{path} has an inline script"
        assert not page.find_all("style"), f"{path} has a <style> element"
        assert not page.find_all(style=True), f"{path} has a style attribute"
        assert not page.find_all(lambda tag: any(name.startswith("on") for name in tag.attrs)), path


def test_stylesheets_are_hashed_and_include_print(client, site_content):
    page = soup(client.get("/"))
    sheets = {link.get("media", "all"): link["href"] for link in page.find_all("link", rel="stylesheet")}
    assert sheets["all"].startswith("/static/css/site.")
    assert sheets["all"] != "/static/css/site.css"
    assert sheets["print"].startswith("/static/css/print.")


def test_home_page_says_what_the_site_is_for_and_routes_to_the_guide(client, site_content):
    page = soup(client.get("/"))
    lead = page.find(class_="lead")
    sentences = [s for s in lead.get_text(" ", strip=True).split(". ") if s]
    assert len(sentences) == 2
    routes = {a["href"] for a in page.find("nav", class_="routes").find_all("a")}
    assert {
        "/guide/",
        "/guide/who-are-child-sex-offenders/",
        "/guide/what-information-can-i-get/",
        "/guide/if-you-are-worried-about-someone/",
    } <= routes


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_unknown_path_gets_the_site_404_page(client, site_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Page not found"
    assert len(page.find_all("h1")) == 1
    assert page.find("a", class_="skip-link")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/a%00b/", 400),
        ("/guide/%01/", 400),
        ("/?q=%00", 400),
        ("/" + "a" * 5000 + "/", 414),
        ("/?q=" + "a" * 5000, 414),
        ("/%ff%fe/", 404),
        ("/../../etc/passwd/", 404),
        ("/guide/who-are-child-sex-offenders/extra/bits/", 404),
        ("/%E2%80%AE/", 404),
    ],
)
def test_bad_input_gets_a_clear_4xx_never_a_500(client, site_content, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert len(soup(response).find_all("h1")) == 1


def test_methods_a_page_does_not_take_are_refused(client, site_content):
    assert client.post("/robots.txt").status_code == 405
    # A POST to a page without a CSRF token is refused, not an error.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/guide/", {"a": "b"}).status_code == 403


def test_500_page_needs_no_request_context_or_database(rf, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.find("main", id="main-content")
    assert page.find("a", href="tel:999")


def test_pages_outside_the_menu_still_get_a_full_breadcrumb(client, site_content):
    crumbs = soup(client.get("/privacy/")).find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [item.get_text(strip=True) for item in crumbs.find_all("li")] == ["Home", "Privacy notice"]
    assert crumbs.find("a", href="/")


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "evil.example.com"},
        {"HTTP_HOST": "127.0.0.1:8000\x00"},
        {"HTTP_HOST": "a" * 300},
    ],
)
def test_a_bad_host_header_gets_the_400_page_not_a_500(site_content, headers):
    response = Client().get("/", **headers)
    assert response.status_code == 400
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.find(class_="emergency-line").find("a", href="tel:999")


@pytest.mark.parametrize("method", ["put", "delete", "patch", "options", "trace"])
@pytest.mark.parametrize("path", ["/", "/guide/", "/get-help/", "/sitemap.xml"])
def test_methods_no_page_takes_get_405(client, site_content, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


def test_an_oversized_form_body_is_refused_with_413(site_content):
    response = Client().post("/", data=b"x" * (3 * 1024 * 1024), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert len(soup(response).find_all("h1")) == 1


@override_settings(MAX_REQUEST_BODY=1000)
def test_a_body_over_the_limit_is_refused_before_it_is_read(site_content):
    response = Client().post("/get-help/", data=b"x" * 2000, content_type="application/octet-stream")
    assert response.status_code == 413


def test_a_nonsense_content_length_is_a_400(site_content):
    assert Client().post("/", data=b"", content_type="text/plain", CONTENT_LENGTH="lots").status_code == 400


def test_main_navigation_marks_the_section_not_the_page_on_app_sub_pages(client, site_content):
    nav = soup(client.get("/what-should-i-do/child-in-danger-now/")).find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", href="/what-should-i-do/")["aria-current"] == "true"
    top = soup(client.get("/what-should-i-do/")).find("nav", attrs={"aria-label": "Main"})
    assert top.find("a", href="/what-should-i-do/")["aria-current"] == "page"
