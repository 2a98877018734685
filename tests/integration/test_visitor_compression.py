"""Pages Django renders for visitors come gzipped; nothing that holds a secret does (BREACH).

The mirror's pages come compressed from their files (test_mirror.py); these are
the pages only Django answers: a search, the 404 page, a page asked for with a
query string the mirror does not hold.
"""

import gzip

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from safeguarding_site.editors.roles import EDITOR
from tests.helpers import make_user, signed_in_client

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
VISITORS_PAGES = ["/search/?q=police", "/no-such-page/", "/guide/?campaign=leaflet"]


@pytest.mark.parametrize("path", VISITORS_PAGES)
def test_a_page_only_django_answers_is_gzipped_for_a_visitor(site_content, path):
    plain = Client().get(path)
    compressed = Client().get(path, **GZIP)
    assert compressed.status_code == plain.status_code
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]  # a shared cache keeps the two apart


def test_nothing_is_compressed_for_a_request_with_a_cookie_or_credentials(site_content):
    for extra in ({"HTTP_COOKIE": "anything=1"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}):
        response = Client().get(VISITORS_PAGES[0], **GZIP, **extra)
        assert response.status_code == 200
        assert "Content-Encoding" not in response, extra


def test_no_admin_page_is_compressed_signed_in_or_not(site_content):
    admin = f"/{settings.ADMIN_URL}"
    sign_in = Client().get(f"{admin}login/", **GZIP)  # a CSRF token, and ?next= reflected
    assert sign_in.status_code == 200
    assert "Content-Encoding" not in sign_in
    editor = signed_in_client(make_user(EDITOR))
    for path in (admin, "/search/?q=police", "/guide/?toolbar_off"):
        for _visit in range(2):  # the second time, no new CSRF cookie is set to rule it out
            response = editor.get(path, **GZIP)
            assert response.status_code == 200, path
            assert "Content-Encoding" not in response, path


@pytest.mark.parametrize("name", ["css/site.css", "images/favicon.png"])
def test_static_files_are_whitenoises_own_answers_never_compressed_again(site_content, name):
    response = Client().get(staticfiles_storage.url(name), **GZIP)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    # The .br or .gz copy collectstatic wrote, if any, decoded once: compressed again, it would not match.
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(response.get("Content-Encoding"), bytes)
    with open(staticfiles_storage.path(staticfiles_storage.stored_name(name)), "rb") as collected:
        assert decode(body) == collected.read()
    if name.endswith(".png"):  # no compressed copy: an image gains nothing from gzip
        assert "Content-Encoding" not in response
