"""The static files only the build needs are not public, even without nginx in front.

Seen from outside: /static/staticfiles.json (every static file's name) and
djangocms-text's source maps were served to anyone. Pages never link to
them; they are collected only because the hashed names are worked out from
them (collectstatic fails without the source maps its bundles name).
"""

import gzip

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import soup

MANIFEST = "staticfiles.json"

pytestmark = pytest.mark.usefixtures("production_static_files")


def build_files():
    """The manifest and every source map collectstatic wrote (hashed or not), as names under STATIC_ROOT."""
    root = settings.STATIC_ROOT
    maps = sorted(path.relative_to(root).as_posix() for path in root.rglob("*.map"))
    assert maps, "collectstatic wrote no source map: djangocms-text's bundles name theirs"
    return [MANIFEST, *maps]


def test_build_files_get_the_sites_404_page(db):
    for name in build_files():
        assert (settings.STATIC_ROOT / name).is_file()
        for accept_encoding in ["", "gzip, br"]:
            response = Client().get(f"{settings.STATIC_URL}{name}", HTTP_ACCEPT_ENCODING=accept_encoding)
            assert response.status_code == 404, name
            if accept_encoding:  # Django's 404 page, gzipped for a visitor (test_visitor_compression.py)
                assert response["Content-Encoding"] == "gzip"
                response.content = gzip.decompress(response.content)
            page = soup(response)
            assert page.find("a", class_="exit-this-page__button")
            assert page.find(class_="emergency-line").find("a", href="tel:999")


def test_the_static_files_pages_use_are_still_served(db):
    response = Client().get(f"{settings.STATIC_URL}css/site.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


def test_no_other_address_under_static_is_a_page(db):
    for path in ["/static/", "/static/css/", "/static/no-such-file.css"]:
        response = Client().get(path)
        assert response.status_code == 404, path
        assert soup(response).find(class_="emergency-line").find("a", href="tel:999")
