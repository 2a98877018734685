"""Small helpers for reading pages in tests."""

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode("utf-8"), "html.parser")


def text_of(node):
    """Visible text with whitespace collapsed, for comparing prose."""
    return normalise(node.get_text(" "))


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def published_paths(client):
    """Every page the sitemap lists, as paths on this site."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return [urlsplit(location).path for location in locations]
