"""Signed-in admin clients for an Editor and a Publisher (a module may define its own `editor` or `publisher`),
and the directory service most tests change."""

import pytest

from safeguarding_site.directory.models import Service
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import signed_in


@pytest.fixture
def editor(site_content):
    return signed_in(EDITOR)


@pytest.fixture
def publisher(site_content):
    return signed_in(PUBLISHER)


@pytest.fixture
def service(site_content):
    """The NSPCC Helpline, as the starting content has it."""
    return Service.objects.get(slug="nspcc-helpline")
