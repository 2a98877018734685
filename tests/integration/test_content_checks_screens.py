"""The content checks on editors' screens: the Checks screen, and "Publish anyway" for a draft with findings."""

import base64
import hashlib
import re

import pytest
from cms.api import add_plugin, create_page
from cms.models import PageContent
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.conf import settings
from django.urls import reverse
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.helpers import version_list_url
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import DirectoryDraft, Service, Situation
from safeguarding_site.editors import review as review_workflow
from safeguarding_site.editors.models import PublishConfirmation, ReviewRequest
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import admin_form, form_values, make_user, signed_in_client, soup, text_of

LONG_SENTENCE = (
    "If you are worried about a man who lives near you and who spends a lot of time with the children in your "
    "street, you can ask the police to tell you if he has a record for crimes against children."
)
WITH_PROBLEMS = (
    "<h2>Asking the police</h2>"
    f"<p>{LONG_SENTENCE}</p>"
    "<h4>What the police do</h4>"
    '<p>To ask, <a href="/get-help/">click here</a>.</p>'
    "<p>Or call 0800 555 11.</p>"
)
FIXED = (
    "<h2>Asking the police</h2>"
    "<p>Are you worried about a man near you? He may spend time with children in your street.</p>"
    "<p>You can ask the police if he has hurt a child before.</p>"
    "<h3>What the police do</h3>"
    '<p>See <a href="/get-help/">who to contact for help</a>.</p>'
    "<p>Or call 101.</p>"
)


@pytest.fixture
def people(site_content):
    return {"editor": make_user(EDITOR, "erin@example.org"), "publisher": make_user(PUBLISHER, "pat@example.org")}


def page_draft(user, body, slug="asking-the-police"):
    """A new page's draft, as an Editor makes it: one text plugin with ``body``."""
    page = create_page("Asking the police", "pages/content.html", "en", slug=slug, created_by=user)
    content = PageContent.admin_manager.get(page=page, language="en")
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body=body)
    return Version.objects.get_for_content(content)


def checks_screen(user, version):
    response = signed_in_client(user).get(reverse("editors-checks-version", args=[version.pk]))
    assert response.status_code == 200
    return soup(response)


def findings(page, kind):
    """(check, where) of each finding under "Problems to fix" (errors) or "Suggestions" (advice)."""
    return [
        (text_of(item.find("h3")), text_of(item.select_one(".checks-where")).removeprefix("Where: "))
        for item in page.select(f".checks-{kind} .checks-finding")
    ]


def publish_url(version):
    return reverse("admin:djangocms_versioning_pagecontentversion_publish", args=[version.pk])


def confirm(client, page):
    """Press "Publish anyway" on a confirmation page."""
    form = page.select_one("form.checks-confirm")
    return client.post(form["action"], form_values(form))


def toolbar_link(page, text):
    """A toolbar link by its words (django CMS adds "..." to items that open the side panel)."""
    links = [link for link in page.select("#cms-top a") if text_of(link) == text]
    assert len(links) == 1, [text_of(link) for link in page.select("#cms-top a")]
    return links[0]


def state(version):
    return Version.objects.get(pk=version.pk).state


def test_the_checks_screen_names_each_problem_in_an_editors_draft(people):
    version = page_draft(people["editor"], WITH_PROBLEMS)
    page = checks_screen(people["editor"], version)

    assert text_of(page.find("h1")) == "Checks: Asking the police"
    errors, advice = findings(page, "errors"), findings(page, "advice")
    assert ("Skipped heading level", "What the police do") in errors
    assert ("Unclear link", "click here") in errors
    assert ("Long sentence", LONG_SENTENCE) in advice
    assert ("Phone number that will not work", "0800 555 11 (Text 1)") in errors
    figures = {text_of(row.find("dt")): text_of(row.find("dd")) for row in page.select(".checks-figures > div")}
    assert figures["Words"].isdigit()
    assert int(figures["Words"]) > 40
    assert figures["Reading time"] == "1 minute"
    assert figures["Reading age"].startswith("About ")
    summary = text_of(page.select_one(".checks-summary"))
    assert summary == f"{len(errors)} problems, {len(advice)} suggestion{'s' if len(advice) != 1 else ''}"
    # Headings in order: the title, then sections, then one heading per finding.
    levels = [int(heading.name[1]) for heading in page.find(id="content").find_all(["h1", "h2", "h3"])]
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))
    assert page.find("h2", string=f"Problems to fix ({len(errors)})")


def test_the_reading_age_is_said_in_plain_terms(people):
    hard = page_draft(people["editor"], f"<p>{LONG_SENTENCE} Consequently, intergenerational ...</p>", slug="hard")
    easy = page_draft(people["editor"], FIXED, slug="easy")
    hard_age = text_of(checks_screen(people["editor"], hard).find("dt", string="Reading age").find_next("dd"))
    easy_age = text_of(checks_screen(people["editor"], easy).find("dt", string="Reading age").find_next("dd"))
    assert hard_age.endswith("too hard for many parents (aim for 10 or under)")
    assert easy_age.startswith("About ")
    assert easy_age.endswith(": good")


def test_with_the_problems_fixed_the_checks_are_clean(people):
    version = page_draft(people["editor"], FIXED)
    page = checks_screen(people["editor"], version)
    assert findings(page, "errors") == []
    assert findings(page, "advice") == []
    assert text_of(page.select_one(".checks-summary")) == "No problems found"


def test_the_toolbars_page_menu_opens_the_checks_in_the_side_panel(people):
    version = page_draft(people["editor"], WITH_PROBLEMS)
    response = signed_in_client(people["editor"]).get(get_object_edit_url(version.content))
    assert response.status_code == 200
    item = toolbar_link(soup(response), "Check this draft...")
    assert item["href"] == reverse("editors-checks-version", args=[version.pk])
    assert item["data-rel"] == "sideframe"
    assert text_of(item.find_parent("ul").find_parent("li").find("a")) == "Page"  # in the Page menu


def test_a_publisher_publishing_from_the_toolbar_is_asked_to_confirm_and_it_is_recorded(people):
    publisher = signed_in_client(people["publisher"])
    version = page_draft(people["editor"], WITH_PROBLEMS)

    response = publisher.post(publish_url(version))
    assert response.status_code == 200
    page = soup(response)
    assert state(version) == DRAFT
    assert not PublishConfirmation.objects.exists()
    assert ("Unclear link", "click here") in findings(page, "errors")
    assert page.select_one("form.checks-confirm button").text == "Publish anyway"

    response = confirm(publisher, page)
    assert response.status_code == 302
    assert state(version) == PUBLISHED
    record = PublishConfirmation.objects.get()
    assert record.version_id == version.pk
    assert record.confirmed_by == people["publisher"]
    assert record.summary.startswith("3 problems, ")
    assert {"check": "Unclear link", "severity": "error", "where": "click here"} in record.findings
    # The Checks screen keeps it.
    kept = text_of(checks_screen(people["publisher"], version).select_one(".checks-confirmations"))
    assert "pat@example.org published version 1" in kept
    assert "Unclear link: click here" in kept
    # So does the page's version list, under the version's state.
    versions = soup(publisher.get(version_list_url(version.content)))
    cell = text_of(versions.select_one("#result_list tbody td.field-state"))
    assert cell.startswith(f"Published Published with {record.summary} (pat@example.org confirmed, ")


def test_a_confirmation_counts_only_for_the_findings_it_showed(people):
    publisher = signed_in_client(people["publisher"])
    version = page_draft(people["editor"], WITH_PROBLEMS)
    page = soup(publisher.post(publish_url(version)))
    plugin = version.content.get_placeholders().get(slot="content").get_plugins().get()
    bound = plugin.get_bound_plugin()
    bound.body = bound.body.replace("click here", "read more")  # changed after the Publisher looked
    bound.save()

    response = confirm(publisher, page)
    assert response.status_code == 200
    assert ("Unclear link", "read more") in findings(soup(response), "errors")
    assert state(version) == DRAFT


def test_a_draft_without_findings_publishes_at_once(people):
    publisher = signed_in_client(people["publisher"])
    version = page_draft(people["editor"], FIXED)
    response = publisher.post(publish_url(version))
    assert response.status_code == 302
    assert state(version) == PUBLISHED
    assert not PublishConfirmation.objects.exists()


def test_an_editor_cannot_confirm_publish(people):
    editor = signed_in_client(people["editor"])
    version = page_draft(people["editor"], WITH_PROBLEMS)
    response = editor.post(publish_url(version), {"checks_confirmed": "anything"})
    assert response.status_code == 302  # djangocms-versioning's own refusal, not a confirmation page
    assert state(version) == DRAFT
    response = editor.post(publish_url(version))
    assert response.status_code == 302
    assert state(version) == DRAFT
    assert not PublishConfirmation.objects.exists()


def test_the_dashboard_shows_the_checks_and_asks_the_publisher_to_confirm(people, mailoutbox):
    version = page_draft(people["editor"], WITH_PROBLEMS)
    signed_in_client(people["editor"]).post(reverse("editors-submit-page-version", args=[version.pk]))
    review = ReviewRequest.objects.get(version=version)
    assert f"Checks (3 problems, 1 suggestion): http://testserver/admin/checks/page-version/{version.pk}/" in (
        mailoutbox[0].body
    )

    publisher = signed_in_client(people["publisher"])
    dashboard = soup(publisher.get(reverse("editors-dashboard")))
    link = dashboard.select_one(".dashboard-waiting .review-checks a")
    assert text_of(link) == "Checks: 3 problems, 1 suggestion"
    assert link["href"] == reverse("editors-checks-version", args=[version.pk])

    decide = reverse("editors-review-decide", args=[review.pk])
    response = publisher.post(decide, {"action": "publish", "seen": review_workflow.seen_marker(review)})
    assert response.status_code == 200
    assert state(version) == DRAFT
    assert ReviewRequest.objects.get(pk=review.pk).status == ReviewRequest.WAITING

    assert confirm(publisher, soup(response)).status_code == 302
    assert state(version) == PUBLISHED
    assert ReviewRequest.objects.get(pk=review.pk).status == ReviewRequest.PUBLISHED
    assert PublishConfirmation.objects.get().confirmed_by == people["publisher"]

    # An Editor's forged confirmation is refused as any publish by an Editor is.
    other = page_draft(people["editor"], WITH_PROBLEMS, slug="other")
    signed_in_client(people["editor"]).post(reverse("editors-submit-page-version", args=[other.pk]))
    waiting = ReviewRequest.objects.get(version=other)
    form = {"action": "publish", "seen": review_workflow.seen_marker(waiting), "checks_confirmed": "x"}
    assert (
        signed_in_client(people["editor"]).post(reverse("editors-review-decide", args=[waiting.pk]), form).status_code
        == 403
    )
    assert state(other) == DRAFT


def long_sentence_draft(editor):
    """An Editor's draft of the NSPCC Helpline whose "who it is for" is one 40-word sentence."""
    service = Service.objects.get(slug="nspcc-helpline")
    url = f"/admin/directory/service/{service.pk}/change/"
    data = admin_form(editor, url)
    data["who_for"] = LONG_SENTENCE
    assert editor.post(url, data).status_code == 302
    return service, DirectoryDraft.objects.latest("pk")


def test_a_directory_draft_with_findings_asks_the_publisher_to_confirm(people):
    editor, publisher = signed_in_client(people["editor"]), signed_in_client(people["publisher"])
    service, draft = long_sentence_draft(editor)

    draft_page = soup(editor.get(f"/admin/directory/directorydraft/{draft.pk}/change/"))
    checks_link = draft_page.select_one(".draft-checks a")
    assert checks_link["href"] == reverse("editors-checks-draft", args=[draft.pk])
    screen = soup(editor.get(checks_link["href"]))
    assert ("Long sentence", LONG_SENTENCE) in findings(screen, "advice")

    page = soup(publisher.get(f"/admin/directory/directorydraft/{draft.pk}/change/"))
    seen = page.find("input", attrs={"name": "seen"})["value"]
    response = publisher.post(
        f"/admin/directory/directorydraft/{draft.pk}/change/", {"action": "publish", "seen": seen}
    )
    assert response.status_code == 200
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()
    assert confirm(publisher, soup(response)).status_code == 302
    assert not DirectoryDraft.objects.filter(pk=draft.pk).exists()
    service.refresh_from_db()
    assert service.who_for == LONG_SENTENCE
    record = PublishConfirmation.objects.get()
    assert (record.entry_type.model, record.entry_id) == ("service", service.pk)
    assert {"check": "Long sentence", "severity": "advice", "where": LONG_SENTENCE} in record.findings
    entry_screen = soup(editor.get(reverse("editors-checks-service", args=[service.pk])))
    assert "published “" in text_of(entry_screen.select_one(".checks-confirmations"))


def test_the_draft_preview_switches_to_phone_size_and_back(people):
    editor = signed_in_client(people["editor"])
    version = page_draft(people["editor"], FIXED)
    preview = get_object_preview_url(version.content)
    toolbar = soup(editor.get(preview))
    button = toolbar_link(toolbar, "Preview at phone size")
    assert button["href"] == reverse("editors-phone-preview", args=[version.pk])

    page = soup(editor.get(button["href"]))
    frame = page.select_one("iframe.phone-frame")
    assert frame["width"] == "390"
    assert frame["title"] == "The draft at phone size, 390 pixels wide"
    assert page.find("a", string="Back to desktop width")["href"] == preview
    # The frame shows the draft itself, without the toolbar, and leaves the editor's toolbar on afterwards.
    framed = editor.get(frame["src"])
    assert framed.status_code == 200
    assert "He may spend time with children in your street." in text_of(soup(framed).find("main"))
    assert not soup(framed).find(id="cms-top")
    assert soup(editor.get(preview)).find(id="cms-top")
    assert ".phone-frame" in (settings.BASE_DIR / "static/css/editors-checks.css").read_text()


def test_only_editors_of_the_page_see_its_checks(people, client):
    version = page_draft(people["editor"], WITH_PROBLEMS)
    for name in ("editors-checks-version", "editors-phone-preview"):
        url = reverse(name, args=[version.pk])
        assert client.get(url).status_code == 302  # to the sign-in page
        assert "/login/" in client.get(url)["Location"]


def test_the_checks_screen_runs_axe_on_the_preview_in_the_editors_browser_only(people, client):
    version = page_draft(people["editor"], WITH_PROBLEMS)
    page = checks_screen(people["editor"], version)
    section = page.find(id="browser-checks")
    assert section["data-preview-url"] == get_object_preview_url(version.content) + "&toolbar_off&persist=false"
    axe = settings.BASE_DIR / "static/vendor/axe-core/axe.min.js"
    assert re.fullmatch(r"/static/vendor/axe-core/axe\.min(\.\w+)?\.js", section["data-axe-url"])
    digest = base64.b64encode(hashlib.sha256(axe.read_bytes()).digest()).decode()
    assert section["data-axe-integrity"] == f"sha256-{digest}"
    assert (axe.parent / "LICENSE").read_text().startswith("Mozilla Public License, version 2.0")
    assert page.find("script", src=re.compile(r"/static/js/editors-axe(\.\w+)?\.js$"))
    # Visitors' pages never load it.
    for path in ("/", "/get-help/", "/guide/"):
        assert "axe" not in client.get(path).content.decode()


def test_a_situation_and_a_service_have_checks_screens(people):
    editor = signed_in_client(people["editor"])
    service = Service.objects.get(slug="nspcc-helpline")
    page = soup(editor.get(reverse("editors-checks-service", args=[service.pk])))
    assert text_of(page.find("h1")) == "Checks: NSPCC Helpline"
    assert "anonymous" in text_of(page.find("dl", class_="checks-figures"))  # its longest words, with the reading age
    assert not page.find(id="browser-checks")  # no draft preview to run axe on
    situation = Situation.objects.first()
    response = editor.get(reverse("editors-checks-situation", args=[situation.pk]))
    assert response.status_code == 200
    assert text_of(soup(response).find("h1")) == f"Checks: {situation.title}"
    assert editor.get(reverse("editors-checks-situation", args=[999999])).status_code == 404


def test_a_stale_directory_draft_is_refused_from_the_dashboard_without_asking_first(people):
    editor, publisher = signed_in_client(people["editor"]), signed_in_client(people["publisher"])
    service, draft = long_sentence_draft(editor)
    editor.post(reverse("editors-submit-directory-draft", args=[draft.pk]))
    review = ReviewRequest.objects.get(directory_draft=draft)
    url = f"/admin/directory/service/{service.pk}/change/"
    live = admin_form(publisher, url)
    live["opening_hours"] = "Open every day, 9am to 9pm."
    assert publisher.post(url, live).status_code == 302  # visitors' entry changes: the draft is now out of date

    form = {"action": "publish", "seen": review_workflow.seen_marker(review)}
    response = publisher.post(reverse("editors-review-decide", args=[review.pk]), form, follow=True)
    assert not soup(response).select_one("form.checks-confirm")
    assert "Not published: What visitors see has changed" in text_of(soup(response).find(class_="messagelist"))
    assert DirectoryDraft.objects.filter(pk=draft.pk).exists()
    assert not PublishConfirmation.objects.exists()
