"""The editors' content checks (safeguarding_site/editors/content_checks.py), each on small HTML."""

import pytest
from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.models import Version

from content.leaflet import leaflet_paragraphs
from safeguarding_site.directory import drafts
from safeguarding_site.directory.models import DirectoryDraft, Service, Situation, SituationService
from safeguarding_site.editors import content_checks as checks
from safeguarding_site.editors.roles import PUBLISHER
from safeguarding_site.guidance.models import GuideStep
from safeguarding_site.links.models import CheckedLink
from tests.helpers import make_user

EASY = "Call the police on 999 if a child is in danger now. Do not wait. Tell them where you are."
HARD = (
    "Notwithstanding organisational considerations, practitioners' multidisciplinary safeguarding "
    "responsibilities necessitate comprehensive, proportionate information-sharing arrangements."
)
LONG_SENTENCE = (
    "If you are worried about a child you know and you think that someone may be hurting them then you "
    "can call the helpline at any time of the day or night and talk to someone."
)  # 36 short words


def page(*html, page_html=None):
    """A page whose text plugins hold ``html``, in order."""
    pieces = [checks.Piece(f"Text {n}", body, follows_level=1 if n == 1 else None) for n, body in enumerate(html, 1)]
    return checks.Content("page", "A page", pieces, page_html=page_html)


def found(content, check):
    return list(check(content))


# Reading level ----------------------------------------------------------------------------


def test_hard_words_get_a_reading_age_and_the_hardest_sentence():
    [finding] = found(page(f"<p>{EASY}</p><p>{HARD}</p>"), checks.hard_to_read)
    assert finding.severity == checks.ADVICE
    assert finding.where == HARD
    assert "reading age of about" in finding.explanation


def test_easy_words_pass_and_the_reading_age_is_the_grade_plus_five():
    content = page(f"<p>{EASY}</p>")
    assert found(content, checks.hard_to_read) == []
    report = checks.check(content)
    assert report.reading_age == round(checks.measured(content).grade + 5, 1)
    assert report.reading_age <= checks.MAX_READING_AGE


def test_a_sentence_over_25_words_is_named():
    [finding] = found(page(f"<p>{EASY} {LONG_SENTENCE}</p>"), checks.long_sentences)
    assert finding.where == LONG_SENTENCE
    assert "36 words" in finding.explanation
    assert found(page(f"<p>{EASY}</p>"), checks.long_sentences) == []


def test_the_five_longest_words_are_listed_beside_the_reading_age_not_as_findings():
    report = checks.check(page(f"<p>{HARD}</p>"))
    assert len(report.longest_words) == 5
    assert report.longest_words[0] == "information-sharing"
    assert "multidisciplinary" in report.longest_words
    assert checks.check(page(f"<p>{EASY}</p>")).longest_words == []
    assert not [finding for finding in report.findings if "word" in finding.check.lower()]


def test_the_leaflets_own_paragraphs_are_not_graded_they_stay_word_for_word():
    longest = max(leaflet_paragraphs(), key=len)
    content = page(f"<p>{longest}</p>")
    assert found(content, checks.long_sentences) == []
    assert found(content, checks.hard_to_read) == []
    assert checks.check(content).reading_age is None
    assert checks.check(content).words > 25  # still read by visitors: counted for the reading time


def test_word_count_and_reading_time_at_200_words_a_minute():
    report = checks.check(page("<p>" + "Call us now. " * 150 + "</p>"))
    assert report.words == 450
    assert report.reading_minutes == 3


# Headings -----------------------------------------------------------------------------------


def test_a_skipped_heading_level_is_an_error():
    [finding] = found(page("<h2>Who to call</h2><p>Call.</p><h4>At night</h4>"), checks.heading_order)
    assert finding.severity == checks.ERROR
    assert finding.where == "At night"
    assert "level 4 heading after a level 2" in finding.explanation
    assert found(page("<h2>A</h2><h3>B</h3><h2>C</h2><h3>D</h3>"), checks.heading_order) == []


def test_heading_order_runs_on_from_one_text_to_the_next_and_starts_under_the_title():
    assert found(page("<h2>A</h2>", "<h3>B</h3>"), checks.heading_order) == []
    [finding] = found(page("<h2>A</h2>", "<h4>B</h4>"), checks.heading_order)
    assert finding.where == "B"
    [first] = found(page("<h3>Straight to three</h3>"), checks.heading_order)
    assert "after a level 1" in first.explanation


def test_a_step_sits_under_its_stages_heading():
    steps = [checks.Piece("Step 1", "<h3>Fine</h3>", follows_level=2), checks.Piece("Step 2", "<h4>No</h4>", 2)]
    [finding] = checks.heading_order(checks.Content("situation", "S", steps))
    assert finding.where == "No"


def test_a_skipped_level_on_the_whole_page_counts_only_inside_main():
    html = "<header><h4>Site</h4></header><main><h1>T</h1><h2>A</h2><h4>Card</h4></main>"
    [finding] = found(page(page_html=html), checks.heading_order)
    assert finding.where == "Card"
    in_order = "<header><h4>Site</h4></header><main><h1>T</h1><h2>A</h2></main>"
    assert found(page(page_html=in_order), checks.heading_order) == []


def test_a_level_one_heading_in_the_text_is_an_error():
    [finding] = found(page("<h1>Another title</h1>"), checks.main_heading)
    assert finding.severity == checks.ERROR
    assert finding.where == "Another title"
    assert found(page("<h2>A section</h2>"), checks.main_heading) == []


@pytest.mark.parametrize("headings", ["", "<h1>One</h1><h1>Two</h1>"])
def test_the_whole_page_needs_exactly_one_main_heading(headings):
    [finding] = found(page(page_html=f"<main>{headings}<p>Text</p></main>"), checks.main_heading)
    assert finding.check == "Main heading"
    assert found(page(page_html="<main><h1>One</h1></main>"), checks.main_heading) == []


# Links, images, tables -----------------------------------------------------------------------


@pytest.mark.parametrize("words", ["click here", "Here", "Read more.", "this link", "more"])
def test_link_words_that_do_not_say_where_it_goes_are_errors(words):
    [finding] = found(page(f'<p>For help, <a href="/get-help/">{words}</a></p>'), checks.link_text)
    assert finding.severity == checks.ERROR
    assert finding.where == words


@pytest.mark.parametrize("words", ["https://www.nspcc.org.uk/", "www.nspcc.org.uk"])
def test_a_web_address_as_the_link_words_is_advice(words):
    [finding] = found(page(f'<p><a href="https://www.nspcc.org.uk/">{words}</a></p>'), checks.link_text)
    assert finding.severity == checks.ADVICE
    assert finding.where == words


def test_good_link_words_and_labelled_links_pass_a_link_with_no_words_fails():
    good = '<p><a href="/get-help/">who to contact</a> <a href="/x/" aria-label="Who to contact">here</a></p>'
    assert found(page(good), checks.link_text) == []
    [finding] = found(page('<p><a href="/get-help/"><img src="/arrow.png" alt=""></a></p>'), checks.link_text)
    assert finding.check == "Link without words"


def test_an_image_without_alternative_text_is_an_error_a_decorative_one_is_not():
    [finding] = found(page('<p><img src="/media/a.png"></p>'), checks.image_descriptions)
    assert finding.severity == checks.ERROR
    assert finding.where == "/media/a.png"
    described = '<img src="/a.png" alt=""><img src="/b.png" alt="A helpline poster">'
    assert found(page(described), checks.image_descriptions) == []


def test_a_table_without_header_cells_is_an_error():
    [finding] = found(page("<table><tr><td>Day</td><td>Hours</td></tr></table>"), checks.table_headers)
    assert finding.severity == checks.ERROR
    assert finding.where.startswith("Day")
    assert found(page("<table><tr><th>Day</th><th>Hours</th></tr></table>"), checks.table_headers) == []


def test_a_new_check_is_one_function_and_one_line(monkeypatch):
    def no_shouting(content):
        return [
            checks.Finding("Shouting", checks.ADVICE, word, "Capitals are hard to read.", "Use lower case.")
            for piece in content.pieces
            for word in piece.text.split()
            if word.isupper() and len(word) > 3
        ]

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, no_shouting])
    report = checks.check(page("<p>Call NOW.</p>"))
    assert [finding.where for finding in report.findings] == ["NOW."]


# Internal links (against the starting content) ---------------------------------------------------


@pytest.fixture
def publisher(site_content):
    return make_user(PUBLISHER)


def new_page(user, slug, publish=True):
    created = create_page(slug.title(), "pages/content.html", "en", slug=slug, created_by=user, in_navigation=False)
    content = PageContent.admin_manager.get(page=created, language="en")
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body="<p>Some words.</p>")
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return content


def link_findings(href, words="the page", cms_href=""):
    attribute = f' data-cms-href="{cms_href}"' if cms_href else ""
    return found(page(f'<p>See <a href="{href}"{attribute}>{words}</a>.</p>'), checks.internal_links)


@pytest.mark.parametrize(
    "href",
    [
        "/contact/",
        "/get-help/crimestoppers/",
        "/get-help/for/child-has-told-me/",
        "/what-should-i-do/child-in-danger-now/",
        "/search/?q=help",
        "/privacy/#who-we-are",
        "https://www.nspcc.org.uk/",
        "tel:999",
        "#main-content",
    ],
)
def test_links_to_published_pages_and_elsewhere_pass(site_content, href):
    assert link_findings(href) == []


@pytest.mark.parametrize(
    "href", ["/no-such-page/", "/what-should-i-do/no-such-situation/", "/get-help/nobody/", "/get-help/for/nobody/"]
)
def test_a_link_to_an_address_with_no_page_is_an_error(site_content, href):
    [finding] = link_findings(href)
    assert finding.severity == checks.ERROR
    assert "deleted or does not exist" in finding.explanation
    assert href in finding.where


def test_a_link_to_a_draft_page_is_an_error(publisher):
    draft = new_page(publisher, "not-yet", publish=False)
    [finding] = link_findings("/not-yet/")
    assert "only a draft" in finding.explanation
    [picked] = link_findings("/not-yet/", cms_href=f"cms.page:{draft.page.pk}")
    assert "only a draft" in picked.explanation


def test_a_link_to_an_unpublished_page_is_an_error(publisher):
    content = new_page(publisher, "taken-down")
    assert link_findings("/taken-down/") == []
    Version.objects.get_for_content(content).unpublish(publisher)
    [finding] = link_findings("/taken-down/")
    assert "unpublished" in finding.explanation


def test_a_link_to_a_deleted_page_picked_in_the_editor_is_an_error(publisher):
    content = new_page(publisher, "gone")
    page_id = content.page.pk
    assert link_findings("/gone/", cms_href=f"cms.page:{page_id}") == []
    content.page.delete()
    [finding] = link_findings("/gone/", cms_href=f"cms.page:{page_id}")
    assert "deleted" in finding.explanation


# What the checks read -------------------------------------------------------------------------


def test_a_pages_draft_is_read_from_its_text_plugins_in_order(publisher):
    content = new_page(publisher, "draft-read", publish=False)
    placeholder = content.get_placeholders().get(slot="content")
    add_plugin(placeholder, "TextPlugin", "en", body='<h4>Skipped</h4><p><a href="/x/">click here</a></p>')
    report = checks.check(checks.page_content(content))
    assert {finding.check for finding in report.errors} == {
        "Skipped heading level",
        "Unclear link",
        "Link to a page visitors cannot see",
    }
    assert report.edit_url
    assert report.words == 5


def test_a_situation_is_read_from_its_summary_and_steps(site_content):
    situation = Situation(title="Worried", slug="worried", summary=f"{LONG_SENTENCE}")
    steps = [GuideStep(stage=GuideStep.NOW, position=0, body='<p>Call <a href="/get-help/">here</a>.</p>')]
    report = checks.check(checks.situation_content(situation, steps))
    assert {"Long sentence", "Unclear link"} <= {finding.check for finding in report.findings}
    assert [finding.where for finding in report.findings if finding.check == "Long sentence"] == [LONG_SENTENCE]


def test_a_service_is_read_from_its_descriptions_and_gives_its_web_addresses_to_a_link_checker(site_content):
    service = Service.objects.get(slug="nspcc-helpline")
    content = checks.service_content(service)
    assert service.who_for in content.pieces[0].text
    assert service.source_url in [link.href for link in content.links]
    assert checks.link_text(content) == []  # its web addresses' words are the site's, not an editor's


def test_a_directory_draft_is_read_as_it_would_be_published(site_content):
    situation = Situation.objects.get(slug="child-has-told-me")
    data = drafts.snapshot(Situation, situation.pk, [(GuideStep, "situation"), (SituationService, "situation")])
    steps = next(relation for relation in data["related"] if relation["model"] == "guidance.guidestep")
    steps["objects"][0]["fields"]["body"] = '<p>Tell <a href="/get-help/">click here</a>.</p><h4>Then</h4>'
    draft = DirectoryDraft(
        content_type=ContentType.objects.get_for_model(Situation), object_id=situation.pk, title="x", data=data
    )
    report = checks.check(checks.directory_draft_content(draft))
    assert {finding.check for finding in report.errors} == {"Unclear link", "Skipped heading level"}
    assert report.edit_url == reverse("admin:directory_situation_change", args=[situation.pk])
    assert checks.check(checks.situation_content(situation)).errors == []  # what visitors see now


# Phone numbers and links whose last check failed -------------------------------------------------


@pytest.mark.django_db
def test_a_wrong_phone_number_is_an_error_and_right_ones_pass():
    content = page("<p>Call 0800 555 11 or the NSPCC on 0808 800 5000.</p>", "<p>In danger, call 999.</p>")
    findings = found(content, checks.phone_numbers)
    assert [(finding.severity, finding.where) for finding in findings] == [(checks.ERROR, "0800 555 11 (Text 1)")]
    assert "one digit short" in findings[0].explanation
    assert findings[0] in checks.check(content).errors


@pytest.mark.django_db
def test_a_link_whose_last_check_failed_is_an_error_one_that_worked_is_not():
    now = timezone.now()
    CheckedLink.objects.create(
        url="https://gone.example.org/", checked_at=now, result=CheckedLink.BROKEN, problem="the page was not found"
    )
    CheckedLink.objects.create(url="https://fine.example.org/", checked_at=now, result=CheckedLink.OK)
    content = page(
        '<p><a href="https://gone.example.org/">Old advice</a> and '
        '<a href="https://fine.example.org/">new advice</a>.</p>'
    )
    findings = found(content, checks.failed_external_links)
    assert [finding.where for finding in findings] == ["Old advice (https://gone.example.org/)"]
    assert "the page was not found" in findings[0].explanation
    assert findings[0] in checks.check(content).errors
