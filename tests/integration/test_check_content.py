"""`manage.py check_content`: every published page, situation and service; status 1 on any error."""

import io

import pytest
from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.core.management import CommandError, call_command
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import Service, Situation
from safeguarding_site.editors.roles import PUBLISHER
from tests.helpers import make_user


def check_content(*args):
    out = io.StringIO()
    call_command("check_content", *args, stdout=out)
    return out.getvalue()


def published_page(slug, body):
    user = make_user(PUBLISHER)
    page = create_page(slug.title(), "pages/content.html", "en", slug=slug, created_by=user, in_navigation=False)
    content = PageContent.admin_manager.get(page=page, language="en")
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body=body)
    Version.objects.get_for_content(content).publish(user)
    return content


def test_the_starting_content_has_no_errors(site_content):
    out = check_content()
    assert "Page: Get help: who to contact (/get-help/;" in out
    assert "Situation: A child is in immediate danger" in out
    assert "Service: NSPCC Helpline" in out
    summary = out.strip().splitlines()[-1]
    assert " 0 error(s) in 0 item(s)" in summary
    items = PageContent.objects.filter(language="en").count() + Situation.objects.count() + Service.objects.count()
    assert summary.startswith(f"{items} items checked in ")


def test_a_published_page_with_an_error_exits_with_status_1_and_names_it(site_content):
    published_page("broken", '<h2>Help</h2><h4>At night</h4><p>For help, <a href="/get-help/">click here</a>.</p>')
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check_content", stdout=out)
    assert failed.value.returncode == 1
    assert "2 error(s) in 1 item(s)" in str(failed.value)
    report = out.getvalue().split("Page: Broken (/broken/;", 1)[1].split("\n\n", 1)[0]
    assert "error     Skipped heading level                 At night" in report
    assert "error     Unclear link                          click here" in report


def test_a_link_to_a_page_taken_down_is_an_error(site_content):
    published_page("points-to-privacy", '<p>Read <a href="/privacy/">how we use your information</a>.</p>')
    check_content()
    privacy = PageContent.objects.get(page__urls__path="privacy", language="en")
    Version.objects.get_for_content(privacy).unpublish(make_user(PUBLISHER, "second@example.org"))
    with pytest.raises(CommandError):
        check_content()


def test_advice_alone_exits_with_status_0_and_errors_only_leaves_it_out(site_content):
    sentence = " ".join(["Call the helpline and ask them what you can do next"] * 3) + "."
    published_page("wordy", f"<p>{sentence}</p>")
    out = check_content()
    assert "advice    Long sentence" in out
    assert "Long sentence" not in check_content("--errors-only")
