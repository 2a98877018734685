"""Visitors get no cookies and the browser talks to no one but the site itself.

Both tests look at one visit to every page (the 404 page included) in a fresh
browser context, waiting on each page until the network is quiet so that
requests made after the load event are seen too.
"""

from dataclasses import dataclass

import pytest

# What a visitor's browser gets does not depend on the database behind the site:
# checked once, in the SQLite pass (the PostgreSQL pass, make test-postgres, leaves it out).
pytestmark = pytest.mark.same_on_every_database


@dataclass
class Visit:
    requested: list  # URL of every request the pages made
    responses: list  # (url, resource type, Set-Cookie header values) for every response
    cookies: list  # the context's cookies after the last page


TABS_AT_ONCE = 8


@pytest.fixture(scope="module")
def visit(live_site, browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        requests, responses, seen = [], [], []
        # On the context rather than the page: popups and workers are covered too.
        context.on("request", lambda request: requests.append(request))
        context.on("response", lambda response: responses.append(response))
        # Each page is watched until the network has been idle for 500 ms (Playwright's
        # "networkidle"), a tab per page, a few at a time: their quiet spells overlap
        # instead of adding up (48 pages, one after another, spent 24 s just waiting).
        paths = live_site.paths
        for start in range(0, len(paths), TABS_AT_ONCE):
            tabs = []
            for path in paths[start : start + TABS_AT_ONCE]:
                tab = context.new_page()
                live_site.open(tab, path)  # one after another: the documents arrive in order
                tabs.append(tab)
            for tab in tabs:
                tab.wait_for_load_state("networkidle")
            # Response.headers leaves cookie headers out; header_values() does not (read while the tabs are open).
            seen.extend((r.url, r.request.resource_type, r.header_values("set-cookie")) for r in responses[len(seen) :])
            for tab in tabs:
                tab.close()
        yield Visit(requested=[request.url for request in requests], responses=seen, cookies=context.cookies())
    finally:
        context.close()


def test_no_cookies_are_set(live_site, visit):
    documents = [url for url, resource_type, _ in visit.responses if resource_type == "document"]
    assert documents == [live_site.url(path) for path in live_site.paths], "not every page was seen"
    assert any(resource_type == "stylesheet" for _, resource_type, _ in visit.responses), "no stylesheet was seen"

    setting_cookies = [(url, values) for url, _, values in visit.responses if values]
    assert setting_cookies == [], f"responses with Set-Cookie: {setting_cookies}"
    assert visit.cookies == [], f"cookies left in the browser: {visit.cookies}"


def test_no_requests_to_other_hosts(live_site, visit):
    assert any(url.startswith(live_site.base_url + "/static/") for url in visit.requested), (
        f"no static file was requested, so this test saw nothing: {visit.requested}"
    )
    own = live_site.base_url + "/"
    elsewhere = [url for url in visit.requested if not (url.startswith(own) or url.startswith("data:"))]
    assert elsewhere == [], "requests to other hosts:\n" + "\n".join(elsewhere)
