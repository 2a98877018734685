"""Query strings and the anonymous fast path.

Links shared on social media and in newsletters carry tracking parameters,
often a new value on every click; the directory's filter is a GET form. Both
are answered from memory, and nothing else a query string says ever gets a
copy of a page it was not rendered for.
"""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from safeguarding_site.directory.models import Service
from tests.helpers import soup, text_of
from tests.integration.test_fast_pages import requests_django_handled, wsgi_get

PATH = "/guide/who-are-child-sex-offenders/"
SITUATION = "young-person-needs-to-talk"
SITUATION_TITLE = "I am a child or young person and need to talk"
EMERGENCY_TITLE = "A child is in immediate danger"  # shown first whatever is chosen (test_get_help_layout.py)


def rendered(client, url):
    """(response, queries it cost): 0 queries means it came from a stored copy."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def fresh_render(url):
    """What Django renders for this address, with no stored copy involved."""
    with override_settings(FASTPATH_ENABLED=False):
        return Client().get(url)


@pytest.mark.parametrize(
    "query",
    ["fbclid=IwAR0abc", "utm_source=newsletter&utm_medium=email&utm_campaign=autumn", "gclid=x&_ga=1.2.3", "utm_id="],
)
def test_tracking_parameters_get_the_same_copy_as_the_bare_address(client, site_content, query):
    bare = client.get(PATH)
    response, queries = rendered(client, f"{PATH}?{query}")
    assert queries == 0
    assert response.status_code == 200
    assert response.content == bare.content == fresh_render(f"{PATH}?{query}").content


def test_a_first_visit_with_a_tracking_parameter_fills_the_copy_for_everyone(client, site_content):
    first, _ = rendered(client, f"{PATH}?fbclid=first-click")
    response, queries = rendered(client, PATH)
    assert queries == 0
    assert response.content == first.content


@pytest.mark.parametrize("query", ["page=2", "toolbar_on", "utm_source=x&edit", "q=help"])
def test_any_other_parameter_goes_to_django(client, site_content, query):
    client.get(PATH)
    _response, queries = rendered(client, f"{PATH}?{query}")
    assert queries > 0
    _again, queries = rendered(client, f"{PATH}?{query}")
    assert queries > 0  # and is never stored either


def test_a_query_the_site_refuses_is_refused_even_when_the_page_is_stored(client, site_content):
    client.get(PATH)
    assert client.get(f"{PATH}?utm_source=%00").status_code == 400
    assert client.get(f"{PATH}?utm_source={'x' * 3000}").status_code == 414
    status, _headers, _body = wsgi_get(PATH, QUERY_STRING="utm_source=%00")
    assert status.startswith("400")


def situations_shown(response):
    return [text_of(section.h2) for section in soup(response).find_all("section", class_="situation")]


def test_the_directory_filter_is_answered_from_memory(client, site_content):
    url = f"/get-help/for/{SITUATION}/"
    first, queries = rendered(client, url)
    assert queries > 0
    assert situations_shown(first) == [EMERGENCY_TITLE, SITUATION_TITLE]
    again, queries = rendered(client, url)
    assert queries == 0
    assert again.content == first.content == fresh_render(url).content
    shared, queries = rendered(client, f"{url}?utm_source=leaflet")  # the same copy
    assert queries == 0
    assert shared.content == first.content
    everything, queries = rendered(client, "/get-help/")
    assert len(situations_shown(everything)) > 2  # the unfiltered page is its own copy


def test_the_wsgi_wrapper_answers_the_directory_filter_before_django(site_content):
    path = f"/get-help/for/{SITUATION}/"
    status, _headers, body = wsgi_get(path)
    assert status == "200 OK"
    with requests_django_handled() as calls:
        again_status, _headers, again_body = wsgi_get(path, QUERY_STRING="fbclid=abc")
        assert calls == []
        assert (again_status, again_body) == (status, body)
        wsgi_get(path, QUERY_STRING="sort=name")  # a parameter the page does not declare: Django decides
        # The form's old address: Django redirects it to the path (test_directory_filter_paths.py).
        redirect_status, _headers, _body = wsgi_get("/get-help/", QUERY_STRING=f"situation={SITUATION}")
        assert len(calls) == 2
    assert redirect_status.startswith("301")


def test_a_filter_the_directory_refuses_is_never_stored(client, site_content):
    for _ in range(2):
        response, queries = rendered(client, "/get-help/?situation=no-such-situation")
        assert response.status_code == 400
        assert queries > 0


def test_a_directory_change_reaches_the_filtered_page_next(client, site_content):
    url = f"/get-help/for/{SITUATION}/"
    client.get(url)
    service = Service.objects.filter(situations__slug=SITUATION).first()
    service.name = "Renamed for the test"
    service.save()
    response, queries = rendered(client, url)
    assert queries > 0
    assert "Renamed for the test" in response.content.decode()
