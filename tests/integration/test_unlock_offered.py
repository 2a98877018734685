"""Only a Publisher is offered "Unlock" on a draft someone holds (issue 15, finding 11).

djangocms-versioning's version list showed every Editor an Unlock button that
its unlock view then refused (it needs the delete_versionlock permission,
which only Publishers have: editors/roles.py).
"""

import pytest
from cms.models import PageContent
from django.urls import reverse
from djangocms_versioning.models import Version

from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import make_user, signed_in_client, soup, text_of


@pytest.fixture
def held_draft(site_content):
    """Editor A's draft of a guide part, which A holds (DJANGOCMS_VERSIONING_LOCK_VERSIONS)."""
    content = PageContent.admin_manager.get(page__reverse_id="guide-who-are-offenders", language="en")
    draft = Version.objects.get_for_content(content).copy(make_user(EDITOR, "editor-a@example.org"))
    assert draft.locked_by is not None
    return draft


def version_list(user, draft):
    response = signed_in_client(user).get(
        reverse("admin:djangocms_versioning_pagecontentversion_changelist"),
        {"page": draft.content.page_id, "language": "en"},
    )
    assert response.status_code == 200
    return soup(response)


def unlock_buttons(page, draft):
    """The draft's row's Unlock buttons, as (href or None when greyed out, classes)."""
    url = reverse("admin:djangocms_versioning_pagecontentversion_unlock", args=[draft.pk])
    return [
        (button.get("href"), button.get("class"))
        for button in page.select("#result_list .cms-action-unlock")
        if button.get("href") in (url, None)
    ]


@pytest.mark.parametrize("email", ["editor-a@example.org", "editor-b@example.org"])
def test_an_editor_is_not_offered_unlock(held_draft, email):
    user = make_user(EDITOR, email) if email != held_draft.created_by.email else held_draft.created_by
    page = version_list(user, held_draft)
    assert unlock_buttons(page, held_draft) == []
    assert "Unlock" not in [button.get("title") for button in page.select("#result_list a")]
    assert "Unlock" not in text_of(page.find(id="result_list"))


def test_a_publisher_is_offered_unlock_and_it_works(held_draft):
    publisher = make_user(PUBLISHER)
    page = version_list(publisher, held_draft)
    url = reverse("admin:djangocms_versioning_pagecontentversion_unlock", args=[held_draft.pk])
    [(href, classes)] = unlock_buttons(page, held_draft)
    assert href == url
    assert "inactive" not in classes
    assert signed_in_client(publisher).post(url).status_code == 302
    assert Version.objects.get(pk=held_draft.pk).locked_by is None


def test_an_editors_toolbar_offers_no_unlock_either(held_draft):
    """djangocms-versioning's toolbar and lock menu ask the same question (Version.check_unlock)."""
    editor_b = make_user(EDITOR, "editor-b@example.org")
    assert not held_draft.check_unlock.as_bool(editor_b)
    assert held_draft.check_unlock.as_bool(make_user(PUBLISHER))
