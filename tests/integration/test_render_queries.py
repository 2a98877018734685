"""A page render, as the mirror's build makes it, stays within 10 queries (issue 17).

Caches cold (django CMS's menu cache and the content version emptied), as the
first page of a build after a deploy sees them. One address of each kind of page.
"""

import pytest
from django.core.cache import cache

MAX_QUERIES = 10
PAGES = {
    "home": "/",
    "guide part": "/guide/who-are-child-sex-offenders/",
    # A part with update notes and "Services for a situation".
    "guide part with services": "/guide/if-you-are-worried-about-someone/",
    "whole guide": "/guide/",
    "directory": "/get-help/",
    "directory filter": "/get-help/for/young-person-needs-to-talk/",
    "situations": "/what-should-i-do/",
    "situation": "/what-should-i-do/child-in-danger-now/",
    "service": "/get-help/nspcc-helpline/",
    "plain page": "/privacy/",
}


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_an_uncached_render_stays_within_10_queries(client, site_content, path, django_assert_max_num_queries):
    # Settle django CMS's URL configuration after the load (a test-only cost: the
    # load's URL revision is in this test's rolled-back transaction).
    client.get(path)
    cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path)
    assert response.status_code == 200


def test_editors_pages_are_never_compressed_by_the_site(site_content):
    """Their pages hold CSRF tokens: compressing them next to anything reflected is the BREACH attack."""
    from safeguarding_site.editors.roles import EDITOR
    from tests.helpers import make_user, signed_in_client

    editor_client = signed_in_client(make_user(EDITOR))
    response = editor_client.get(PAGES["guide part"], HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
