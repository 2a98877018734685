"""A running site gets the starting content's plainer wording, wherever nobody has changed it.

Issue 16, finding 6: the site's own words were rewritten to read at grade 5.
``load_content`` (content/corrections.py) gives a site loaded before the new
wording of each step and service text that still holds exactly the old one,
and publishes a new version of each page whose text block still does. An
editor's own wording is theirs; a page with a draft is left, and its draft is
listed if it still has the old wording.
"""

import dataclasses
import io

import pytest
import reversion
from cms.models import Page
from cms.signals.apphook import DISPATCH_UID as CMS_RESTART
from cms.utils.apphook_reload import reload_urlconf
from django.core.management import call_command
from django.core.signals import request_finished
from djangocms_versioning import constants
from djangocms_versioning.models import Version

from content import corrections
from content.loader import LOADER_USERNAME, Loader, read_directory, read_guidance, read_pages, render_markdown
from safeguarding_site.directory.models import Service
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from safeguarding_site.guidance.models import GuideStep
from tests.helpers import make_user, signed_in_client, soup, text_of

OLD_HOME_START = "This site helps parents and carers in the UK keep children safe from sexual abuse. It explains"
NEW_HOME_START = "It tells you: what to do if you are worried about how someone behaves with a child"


def old_starting_content():
    """The pages, directory and steps as the starting content gave them before the rewording."""
    specs = read_pages()
    for spec in specs:
        for index, block in enumerate(spec.blocks):
            for fix in corrections.PAGE_FIXES:
                if fix.page == spec.key and getattr(block, "markdown", None) == fix.new:
                    spec.blocks[index] = dataclasses.replace(block, markdown=fix.old)
    directory = read_directory()
    services = {service["slug"]: service for service in directory["services"]}
    for slug, field_name, old, new in corrections.READABLE_SERVICES:
        assert services[slug][field_name] == new
        services[slug][field_name] = old
    guidance = read_guidance()
    steps = {step["text"]: step for steps in guidance.values() for step in steps}
    for old, new in corrections.READABLE_STEPS:
        steps[new]["text"] = old
    return specs, directory, guidance


@pytest.fixture
def old_site(empty_database):
    specs, directory, guidance = old_starting_content()
    Loader().run(specs=specs, directory=directory, guidance=guidance)
    request_finished.disconnect(dispatch_uid=CMS_RESTART)  # as in conftest.site_content
    reload_urlconf()


def load():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def page_versions(key):
    return corrections.page_versions(Page.objects.get(reverse_id=key))


def main_text(client, path):
    return text_of(soup(client.get(path)).find("main"))


def test_a_fresh_site_already_has_the_new_wording(site_content):
    assert "Corrections to the starting content: none needed." in site_content
    assert len(corrections.READING_LEVEL_FIXES) == 21
    for fix in corrections.READING_LEVEL_FIXES:
        values = list(fix.entries().values_list(fix.field, flat=True))
        assert fix.new in values, fix.part
        assert fix.old not in values
    for fix in corrections.PAGE_FIXES:
        [published] = [version for version in page_versions(fix.page) if version.state == constants.PUBLISHED]
        assert corrections.blocks_holding(published.content, fix.plugin_type, fix.new_html), fix.part
        assert not corrections.blocks_holding(published.content, fix.plugin_type, fix.old_html)


def test_a_site_loaded_before_gets_the_new_wording_except_where_an_editor_changed_it(client, old_site):
    assert main_text(client, "/").count(OLD_HOME_START) == 1
    stop_it_now = Service.objects.get(slug="stop-it-now")
    editors_words = "Anyone worried about sexual thoughts or behaviour towards children, their own included."
    with reversion.create_revision():
        reversion.set_user(make_user(PUBLISHER))
        stop_it_now.who_for = editors_words
        stop_it_now.save()

    output = load()

    assert output.count("corrected ") == 20 + 5, output  # every text but the editor's, and five blocks of 4 pages
    assert "corrected “Keeping children safe from sex offenders”, its introduction" in output
    assert "To correct by hand" not in output  # an editor's own wording is not a mistake
    assert Service.objects.get(slug="stop-it-now").who_for == editors_words
    assert (
        Service.objects.get(slug="stop-it-now").anonymity_notes
        == "It is confidential. You do not have to give your name."
    )
    for old, new in corrections.READABLE_STEPS:
        assert GuideStep.objects.filter(body=render_markdown(new)).count() == 1
        assert not GuideStep.objects.filter(body=render_markdown(old)).exists()
    ceop = Service.objects.get(slug="ceop-safety-centre")
    latest = reversion.models.Version.objects.get_for_object(ceop).first()
    assert latest.revision.comment == corrections.COMMENT_PREFIX + corrections.READING_LEVEL_COMMENT
    assert latest.revision.user.username == LOADER_USERNAME

    home = main_text(client, "/")
    assert NEW_HOME_START in home
    assert "It explains" not in home
    assert "Select it, and a weather forecast page takes the place of this site" in main_text(
        client, "/using-this-site-safely/"
    )
    disclosure = main_text(client, "/guide/what-information-can-i-get/")
    assert "You can use it to ask the police if someone has a record of child sexual offences." in disclosure
    assert "Is a child being sexually abused or groomed online?" in disclosure
    assert "Each service shows how to reach it. On a phone" in main_text(client, "/get-help/")

    # A new version, by the starting-content account; the old one is still there to go back to.
    versions = sorted(page_versions("home"), key=lambda version: version.pk)
    assert [version.state for version in versions] == [constants.UNPUBLISHED, constants.PUBLISHED]
    assert versions[1].created_by.username == LOADER_USERNAME
    assert versions[1].source == versions[0]
    assert versions[1].locked_by is None

    before = [(v.pk, v.state) for v in Version.objects.order_by("pk")]
    again = load()
    assert "Corrections to the starting content: none needed." in again
    assert [(v.pk, v.state) for v in Version.objects.order_by("pk")] == before


def test_a_page_with_a_draft_is_left_and_the_draft_is_listed(client, old_site):
    editor = make_user(EDITOR)
    [published] = page_versions("home")
    draft = published.copy(editor)  # what "Edit" does in the toolbar

    output = load()

    assert "“Keeping children safe from sex offenders”, its introduction" not in output.split("To correct")[0]
    assert main_text(client, "/").count(OLD_HOME_START) == 1
    assert corrections.blocks_holding(draft.content, "TextPlugin", corrections.PAGE_FIXES[0].old_html)
    assert "Select it, and a weather forecast page" in main_text(client, "/using-this-site-safely/")  # no draft there
    [report] = corrections.to_correct_by_hand()
    assert report.draft
    assert report.entry == "Keeping children safe from sex offenders"
    assert report.part == "its introduction"
    assert "A draft of “Keeping children safe from sex offenders”, waiting for a publisher, its introduction" in output

    box = soup(signed_in_client(editor).get("/admin/dashboard/")).find(class_="dashboard-corrections")
    assert "A draft of “Keeping children safe from sex offenders”" in text_of(box)
    assert box.find("a")["href"] == report.url


def test_a_page_block_an_editor_changed_is_left_as_it_is(client, old_site):
    publisher = make_user(PUBLISHER)
    [published] = page_versions("home")
    draft = published.copy(publisher)
    [block] = corrections.blocks_holding(draft.content, "TextPlugin", corrections.PAGE_FIXES[0].old_html)
    block.body = "<p>Help for parents and carers in the UK.</p>"
    block.save()
    draft.publish(publisher)

    output = load()

    assert "“Keeping children safe from sex offenders”, its introduction" not in output
    assert "Help for parents and carers in the UK." in main_text(client, "/")
    assert corrections.to_correct_by_hand() == []
