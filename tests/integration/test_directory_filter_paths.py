"""The directory's filter at an address per situation: /get-help/for/<situation>/ (issue 17).

The form's ``?situation=<slug>`` (a GET form, so it works without JavaScript)
is redirected there, so each filtered page is one address the mirror can hold
as a file.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from safeguarding_site.directory.models import Service, Situation
from safeguarding_site.mirror.build import build
from tests.helpers import form_values, published_paths, soup, text_of

SITUATION = "worried-about-own-thoughts"
PATH = f"/get-help/for/{SITUATION}/"


def cards(node):
    return {text_of(card.find(["h2", "h3", "h4"])) for card in node.find_all("article", class_="service-card")}


def emergency_services():
    return set(Service.objects.filter(situations__is_emergency=True).values_list("name", flat=True))


def test_the_address_is_named_in_the_directory_app(site_content):  # the apphook is on a page
    assert reverse("directory:situation", kwargs={"slug": SITUATION}) == PATH


@pytest.mark.parametrize("slug", ["worried-about-own-thoughts", "something-happened-online", "child-in-danger-now"])
def test_each_situation_has_its_own_page_with_its_services_and_no_others(client, site_content, slug):
    situation = Situation.objects.get(slug=slug)
    response = client.get(f"/get-help/for/{slug}/")
    assert response.status_code == 200
    page = soup(response)
    assert [text_of(h1) for h1 in page.find_all("h1")] == [situation.title]
    assert text_of(page.title).startswith(f"{situation.title} – ")
    assert page.find("link", rel="canonical")["href"] == f"/get-help/for/{slug}/"
    main = page.find("main")
    own = set(situation.services.values_list("name", flat=True))
    assert own
    assert cards(main) == own | emergency_services()
    others = set(Service.objects.exclude(situations=situation).values_list("name", flat=True)) - emergency_services()
    assert others
    assert not others & cards(main)
    # The form shows the choice, sends the next one to the directory, and offers the way back.
    form = main.find("form", class_="filter")
    assert form["action"] == "/get-help/"
    assert form_values(form) == {"situation": slug}
    assert main.find("a", class_="filter__clear")["href"] == "/get-help/"


def test_the_unfiltered_directory_names_itself_as_canonical(client, site_content):
    page = soup(client.get("/get-help/"))
    assert page.find("link", rel="canonical")["href"] == "/get-help/"
    assert not page.find("a", class_="filter__clear")


@pytest.mark.parametrize(
    "query",
    [
        {"situation": SITUATION},
        {"utm_source": "leaflet", "situation": SITUATION, "fbclid": "abc"},  # no visitor's parameters go on
        {"situation": ["no-such-thing", SITUATION]},  # given twice: the last, as the form reads it
    ],
)
def test_the_old_address_redirects_permanently_to_the_path(client, site_content, query):
    response = client.get("/get-help/", query)
    assert response.status_code == 301
    assert response["Location"] == PATH


@pytest.mark.parametrize("value", ["no-such-thing", "%00", "a" * 300, "../../etc"])
def test_a_bad_value_gets_the_whole_directory_with_a_clear_message(client, site_content, value):
    response = client.get("/get-help/", {"situation": value})
    assert response.status_code == 400
    page = soup(response)
    assert "We do not have that situation" in text_of(page.find(class_="error-summary"))
    assert len(page.find_all("section", class_="situation")) == Situation.objects.count()


def test_an_empty_value_is_the_whole_directory(client, site_content):
    response = client.get("/get-help/", {"situation": ""})
    assert response.status_code == 200
    assert len(soup(response).find_all("section", class_="situation")) == Situation.objects.count()


def test_the_form_without_javascript_ends_on_the_path(client, site_content):
    form = soup(client.get("/get-help/")).find("form", class_="filter")
    assert form["method"] == "get"
    data = {**form_values(form), "situation": SITUATION}  # the visitor picks one and presses the button
    response = client.get(form["action"], data, follow=True)
    assert response.redirect_chain == [(PATH, 301)]
    assert response.status_code == 200
    assert text_of(soup(response).h1) == Situation.objects.get(slug=SITUATION).title
    # And again from there, to another situation.
    form = soup(response).find("form", class_="filter")
    response = client.get(form["action"], {**form_values(form), "situation": "child-has-told-me"}, follow=True)
    assert response.redirect_chain == [("/get-help/for/child-has-told-me/", 301)]


@pytest.mark.parametrize("path", ["/get-help/for/no-such-situation/", "/get-help/for/"])
def test_an_unknown_situation_gets_the_sites_404_page(client, site_content, path):
    response = client.get(path)
    expected = client.get("/no-such-page-anywhere/")
    assert response.status_code == expected.status_code == 404
    assert text_of(soup(response).h1) == text_of(soup(expected).h1)


def test_service_pages_link_to_the_paths(client, site_content):
    service = Service.objects.get(slug="stop-it-now")
    page = soup(client.get(f"/get-help/{service.slug}/"))
    links = {link["href"] for link in page.find("main").find_all("a")}
    assert {f"/get-help/for/{slug}/" for slug in service.situations.values_list("slug", flat=True)} <= links
    assert not [href for href in links if "situation=" in href]


def test_the_mirror_holds_every_filter_path_as_django_serves_it(mirror_root, site_content):
    build()
    site = (mirror_root / "current").resolve() / "site"
    visitor = Client(HTTP_HOST=settings.MIRROR_HOST)
    slugs = list(Situation.objects.values_list("slug", flat=True))
    assert len(slugs) > 5
    for slug in slugs:
        response = visitor.get(f"/get-help/for/{slug}/")
        assert response.status_code == 200, slug
        assert (site / "get-help" / "for" / slug / "index.html").read_bytes() == response.content, slug
    # Not in the sitemap: each situation's "What should I do?" page is the one for search engines.
    assert not [path for path in published_paths(visitor) if path.startswith("/get-help/for/")]
