"""Editors meet their own words in the admin, never the packages' programmer words.

Issue 15, finding 11. The words come from the site's English catalogue
(locale/en/LC_MESSAGES/django.po, ahead of the packages' own), the admin site
(editors/site_names.py), our models' field names and the loader's wording.
Each screen an Editor or a Publisher uses is fetched as a browser would and
read for words that mean nothing to them.
"""

import datetime
import gettext
import importlib
import re
import runpy
from pathlib import Path

import polib
import pytest
from cms.api import create_page
from cms.models import Page, PageContent
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url, get_object_structure_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from djangocms_versioning.models import Version
from reversion.models import Revision
from reversion.models import Version as EntryVersion

from content.loader import LOADER_COMMENT, LOADER_USERNAME
from safeguarding_site import settings as settings_module
from safeguarding_site.directory.models import Service, Situation
from safeguarding_site.editors.models import PublicationSchedule, ReviewDates
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from tests.helpers import admin_form, form_values, make_user, signed_in_client, soup, text_of

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
# Words an editor must not meet on any screen.
FORBIDDEN = ["Django", "slug", "object", "staff", "example.com", "Username", "content-loader", "load_content"]
GUIDE_PART_TEXT = "a huge role to play in child protection"  # in part 1, so in the whole guide too


def words_on(response):
    """What a person reads or hears on a page: its text, title, buttons, placeholders, labels and tooltips."""
    page = soup(response)
    for hidden in page(["script", "style", "template", "noscript"]):
        hidden.decompose()
    said = [page.get_text(" ")]
    for element in page.find_all(True):
        said += [element.get(name, "") for name in ("title", "aria-label", "placeholder", "alt")]
        if element.name == "input" and element.get("type") in ("submit", "button"):
            said.append(element.get("value", ""))
    return re.sub(r"\s+", " ", " ".join(said))


def forbidden_words_in(text):
    return sorted({word for word in FORBIDDEN if word.lower() in text.lower()})


def page_content(reverse_id):
    return PageContent.admin_manager.get(page__reverse_id=reverse_id, language="en")


# The catalogue ---------------------------------------------------------------


def test_every_entry_of_the_catalogue_is_compiled():
    """django.mo is built from django.po (`make messages`): a change to the .po alone would not show."""
    entries = [entry for entry in polib.pofile(str(CATALOGUE / "django.po")) if entry.msgid]
    assert entries
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries:
        assert entry.msgstr, entry.msgid
        assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


# Sign-in and the admin's name ---------------------------------------------------


def test_the_admin_is_headed_and_titled_with_the_sites_name(db):
    for client in (Client(), signed_in_client(make_user(EDITOR))):
        for url in ("/admin/login/", "/admin/", "/admin/password_change/"):
            response = client.get(url, follow=True)
            page = soup(response)
            assert text_of(page.find(id="site-name")) == settings.SITE_NAME, url
            assert text_of(page.title).endswith(f"| {settings.SITE_NAME}"), url
            assert "Django" not in words_on(response), url


def test_sign_in_asks_for_an_email_address_and_says_so_when_it_is_wrong(db):
    make_user(EDITOR, "sam@example.org")
    client = Client()
    page = soup(client.get("/admin/login/"))
    assert text_of(page.find("label", attrs={"for": "id_username"})) == "Email address:"
    refused = client.post("/admin/login/", {"username": "sam@example.org", "password": "not the password"})
    error = text_of(soup(refused).find(class_="errornote"))
    assert "Please enter the correct email address and password for your editor’s account." in error
    assert not forbidden_words_in(words_on(refused))


# Pages ------------------------------------------------------------------------


def test_page_settings_speak_of_web_addresses_and_summaries(site_content):
    client = signed_in_client(make_user(EDITOR))
    content = page_content("guide-who-are-offenders")
    for url in (
        f"/admin/cms/pagecontent/{content.pk}/change/",
        f"/admin/cms/pagecontent/add/?parent_page={content.page.pk}&language=en",
    ):
        page = soup(client.get(url))
        labels = [text_of(label) for label in page.find_all("label")]
        assert "Web address (last part):" in labels, url
        assert "Summary for search engines:" in labels, url
        assert "Slug:" not in labels, url
        assert "Description meta tag:" not in labels, url
    tree = client.get("/admin/cms/pagecontent/").content.decode()
    assert "The same as the page it is under" in tree
    assert "Inherit the template of the nearest ancestor" not in tree


# django CMS's words on a page's settings and advanced settings (a Publisher sees every field).
PAGE_SETTINGS_JARGON = [
    "Soft root",
    "X Frame Options",
    "Overwrite URL",
    "URL options",
    "Menu options",
    "Headers",
    "Redirect",
    "Menu Title",
    "Page Title",
    "default title",
    "render",
    "Inherit from parent page",
    "no limit set",
    "logged in",
    "anonymous",
    "Deny",
    "Login required",
    "Id:",
    "identifier",
    "templatetag",
    "Attached menu",
    "Application",
    "Hook",
    "Advanced Settings",
    "(en)",
]


def form_words(response, form_id):
    """The form's own words: headings, labels, help texts and choices (not the admin's side bar)."""
    page = soup(response)
    form = page.find("form", id=form_id)
    assert form is not None, form_id
    return " ".join([text_of(page.find(id="content-main").parent), text_of(form)])


def test_a_pages_settings_and_advanced_settings_are_in_plain_words(site_content):
    publisher = signed_in_client(make_user(PUBLISHER))
    content = page_content("guide-who-are-offenders")
    settings_form = publisher.get(f"/admin/cms/pagecontent/{content.pk}/change/")
    advanced = publisher.get(f"/admin/cms/page/{content.page.pk}/advanced-settings/")
    for response, form_id in ((settings_form, "pagecontent_form"), (advanced, "page_form")):
        words = form_words(response, form_id)
        assert not [jargon for jargon in PAGE_SETTINGS_JARGON if jargon in words], form_id
    labels = [text_of(label) for label in soup(settings_form).find_all("label")]
    for label in ("Start of its own menu", "Shown inside other websites:", "Different web address:"):
        assert label in labels or f"{label}:" in labels, label
    advanced_labels = [text_of(label) for label in soup(advanced).find_all("label")]
    assert "Part of the site it shows:" in advanced_labels
    assert "Fixed name:" in advanced_labels
    tree = soup(publisher.get("/admin/cms/pagecontent/"))
    filters = text_of(tree.find(class_="js-cms-pagetree-header-filter-container"))
    assert "Start of its own menu" in filters
    assert "Soft root" not in filters
    legend = text_of(tree.find(class_="cms-pagetree-legend"))
    assert "Start of its own menu" in legend
    for jargon in ("Softroot", "Apphook", "Redirect"):
        assert jargon not in legend


def test_pages_and_their_versions_are_named_by_title_without_a_language_code(site_content):
    """django CMS names a page "<title> (en)"; the version list and its confirmations use the title alone."""
    publisher = make_user(PUBLISHER)
    content = page_content("guide-who-are-offenders")
    published = Version.objects.get_for_content(content)
    draft = published.copy(publisher)
    client = signed_in_client(publisher)
    versions = "/admin/djangocms_versioning/pagecontentversion/"
    screens = [
        f"/admin/cms/pagecontent/{content.pk}/change/",
        f"{versions}?page={content.page.pk}&language=en",
        f"{versions}{draft.pk}/discard/",
        f"{versions}{draft.pk}/archive/",
        f"{versions}{published.pk}/unpublish/",
    ]
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        words = words_on(response)
        assert content.title in words, url
        assert f"{content.title} (en)" not in words, url
    rows = soup(client.get(screens[1])).select("#result_list tbody tr")
    assert [text_of(row.select_one("td.field-page_title")) for row in rows] == [content.title] * 2
    labels = [row.select_one("input.action-select")["aria-label"] for row in rows]
    assert labels == [
        f"Select for an action: Version 2 (Draft) of “{content.title}”",
        f"Select for an action: Version 1 (Published) of “{content.title}”",
    ]


def test_a_page_delete_summary_counts_pages_web_addresses_and_content_blocks(site_content):
    publisher = signed_in_client(make_user(PUBLISHER))
    guide = Page.objects.get(reverse_id=settings.GUIDE_REVERSE_ID)
    new_page = add_page_under(publisher, guide, "A part to delete")
    summary = text_of(soup(publisher.get(f"/admin/cms/page/{new_page.pk}/delete/")).find(id="content"))
    assert "Pages" in summary
    assert "Web addresses" in summary
    assert "Content blocks" in summary
    assert "Translations" not in summary
    assert "Plugins" not in summary


def test_adding_deleting_and_a_pages_history_name_the_page_without_a_language_code(site_content):
    publisher = signed_in_client(make_user(PUBLISHER))
    guide = Page.objects.get(reverse_id=settings.GUIDE_REVERSE_ID)
    url = f"/admin/cms/pagecontent/add/?parent_page={guide.pk}&language=en"
    data = form_values(soup(publisher.get(url)).find("form", id="pagecontent_form"))
    added = publisher.post(url, data | {"title": "A new part", "slug": "a-new-part", "_save": "Save"}, follow=True)
    messages = [text_of(item) for item in soup(added).select(".messagelist li")]
    assert "The page “ A new part ” was added successfully." in messages  # text_of spaces the link
    content = PageContent.admin_manager.get(title="A new part", language="en")
    delete = soup(publisher.get(f"/admin/cms/page/{content.page.pk}/delete/"))
    assert [text_of(item) for item in delete.select("#deleted-objects b")] == ["A new part", "A new part"]
    history = publisher.get(f"/admin/cms/pagecontent/{content.pk}/history/")
    assert text_of(soup(history).find(class_="breadcrumbs")).endswith("A new part › History")
    assert text_of(soup(history).find("title")).startswith("Change history: A new part |")
    for response in (added, history):
        assert "(en)" not in words_on(response)
    assert "(en)" not in text_of(delete)


def test_the_admin_lists_pages_and_their_versions_by_plain_names(site_content):
    client = signed_in_client(make_user(EDITOR))
    index = words_on(client.get("/admin/"))
    assert "Site pages" in index
    assert "Page versions" in index
    for words in ("django CMS", "Versioning", "Page content versions", "Page contents"):
        assert words not in index
    content = page_content("guide-who-are-offenders")
    versions = client.get(f"/admin/djangocms_versioning/pagecontentversion/?page={content.page.pk}&language=en")
    assert "1 version" in text_of(soup(versions).find(class_="paginator"))
    assert "page content version" not in words_on(versions)


def test_the_compare_screen_names_versions_by_their_numbers(site_content):
    editor = make_user(EDITOR)
    published = Version.objects.get_for_content(page_content("guide-who-are-offenders"))
    draft = published.copy(editor)
    assert (draft.pk, published.pk) != (2, 1)  # ids differ from numbers, so a mix-up would show
    response = signed_in_client(editor).get(
        f"/admin/djangocms_versioning/pagecontentversion/{draft.pk}/compare/?compare_to={published.pk}"
    )
    words = words_on(response)
    assert "Comparing Version #2" in words
    assert "Version #1" in words
    for version in (draft, published):
        assert f"#{version.pk} " not in words.replace(f"#{version.number} ", "")


def test_the_toolbar_says_review_dates_once_and_names_the_site(site_content):
    # Publishers record reviews (editors/roles.py).
    body = signed_in_client(make_user(PUBLISHER)).get("/guide/who-are-child-sex-offenders/?toolbar_on")
    words = words_on(body)
    assert "Review dates..." in words
    assert "Review dates…" not in words
    assert settings.SITE_NAME in words
    assert "example.com" not in body.content.decode()


# The Site row -----------------------------------------------------------------


def test_every_migrate_writes_the_site_row_from_settings(db):
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    call_command("migrate", verbosity=0, interactive=False)
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == (settings.SITE_DOMAIN, settings.SITE_NAME)
    assert "example.com" not in settings.SITE_DOMAIN


@pytest.mark.parametrize(
    ("environment", "domain"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "editors.example.org,www.example.org"}, "editors.example.org"),
        ({"DJANGO_ALLOWED_HOSTS": "*,.example.org"}, "example.org"),
        ({"DJANGO_ALLOWED_HOSTS": "www.example.org", "DJANGO_SITE_DOMAIN": "example.org"}, "example.org"),
    ],
)
def test_the_site_domain_is_set_or_the_first_allowed_host(monkeypatch, environment, domain):
    monkeypatch.delenv("DJANGO_SITE_DOMAIN", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert runpy.run_path(settings_module.__file__)["SITE_DOMAIN"] == domain


def test_the_page_tree_names_the_site(site_content):
    tree = signed_in_client(make_user(EDITOR)).get("/admin/cms/pagecontent/")
    assert "example.com" not in tree.content.decode()
    assert f"Page Tree ({settings.SITE_NAME})" in words_on(tree)


# The starting content's author ----------------------------------------------------


def test_the_first_versions_say_they_are_the_starting_content(site_content):
    assert {version.created_by.username for version in Version.objects.all()} == {LOADER_USERNAME}
    client = signed_in_client(make_user(PUBLISHER))
    service = Service.objects.get(slug="nspcc-helpline")
    history = words_on(client.get(f"/admin/directory/service/{service.pk}/history/"))
    assert "Starting content (Home Office guide)" in history
    assert "Starting content, from the Home Office guide" in history
    content = page_content("guide-who-are-offenders")
    versions = client.get(f"/admin/djangocms_versioning/pagecontentversion/?page={content.page.pk}&language=en")
    assert "Starting content (Home Office guide)" in words_on(versions)


def test_a_site_loaded_before_gets_the_new_words_and_the_loader_still_finds_its_account(empty_database):
    """0003_plain_words_for_the_loader renames what an earlier load_content recorded."""
    user_model = get_user_model()
    old = user_model.objects.create_user("content-loader", is_active=False)
    revision = Revision.objects.create(
        comment="Starting content, loaded by load_content", user=old, date_created=timezone.now()
    )
    page = create_page("Loaded before", "pages/content.html", "en", created_by=old)
    name = "0003_plain_words_for_the_loader"
    historical = MigrationExecutor(connection).loader.project_state(("content", name)).apps
    importlib.import_module(f"content.migrations.{name}").reword(historical, None)
    old.refresh_from_db()
    revision.refresh_from_db()
    assert old.username == LOADER_USERNAME
    assert revision.comment == LOADER_COMMENT
    content = PageContent.admin_manager.get(page=page)
    assert (content.created_by, content.changed_by) == (LOADER_USERNAME, LOADER_USERNAME)
    assert Page.objects.get(pk=page.pk).created_by == LOADER_USERNAME
    call_command("load_content", verbosity=0)
    assert user_model.objects.filter(username__in=[LOADER_USERNAME, "content-loader"]).count() == 1


# Directory entries and their history ----------------------------------------------


def test_directory_forms_call_the_slug_a_web_address(site_content):
    client = signed_in_client(make_user(EDITOR))
    for url in (
        f"/admin/directory/service/{Service.objects.first().pk}/change/",
        f"/admin/directory/situation/{Situation.objects.first().pk}/change/",
        "/admin/directory/service/add/",
    ):
        labels = [text_of(label) for label in soup(client.get(url)).find_all("label")]
        assert "Web address (last part):" in labels, url
        assert "Slug:" not in labels, url


def test_history_screens_speak_of_versions_not_objects(site_content):
    client = signed_in_client(make_user(PUBLISHER))
    service = Service.objects.get(slug="nspcc-helpline")
    first = EntryVersion.objects.get_for_object(service).last()
    revert = words_on(client.get(f"/admin/directory/service/{service.pk}/history/{first.pk}/"))
    assert "Check the details below, then press Save to go back to this version." in revert
    recover = words_on(client.get("/admin/directory/service/recover/"))
    assert "Nothing has been deleted." in recover
    for words in (revert, recover):
        assert "object" not in words


# Review dates -------------------------------------------------------------------


def test_the_review_dates_list_names_each_page_with_its_dates(site_content):
    client = signed_in_client(make_user(EDITOR))
    page = soup(client.get("/admin/editors/reviewdates/"))
    headers = [text_of(th) for th in page.select("#result_list thead th")]
    assert headers == ["Page", "Last reviewed", "Next review due", "Reviewed by"]
    rows = page.select("#result_list tbody tr")
    titles = [text_of(row.find(class_="field-page_title")) for row in rows]
    assert len(rows) == ReviewDates.objects.count()
    assert len(set(titles)) == len(titles)
    assert page_content("guide-who-are-offenders").title in titles
    assert not page.select(".object-tools a")  # no "Add": review dates are added from a page's toolbar


def test_an_editor_is_offered_no_delete_they_may_not_do(site_content):
    client = signed_in_client(make_user(EDITOR))
    review = ReviewDates.objects.get(extended_object__reverse_id="privacy-notice")
    delete_url = f"/admin/editors/reviewdates/{review.pk}/delete/"
    form = soup(client.get(f"/admin/editors/reviewdates/{review.pk}/change/"))
    assert not form.find("a", href=delete_url)
    assert client.get(delete_url).status_code == 403
    assert text_of(form.find("h2")) == page_content("privacy-notice").title


# A new page under the guide ---------------------------------------------------------


def add_page_under(client, parent, title):
    """What "New sub page" in the toolbar does: the admin's add form, filled in and saved."""
    url = f"/admin/cms/pagecontent/add/?parent_page={parent.pk}&language=en"
    data = form_values(soup(client.get(url)).find("form", id="pagecontent_form"))
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    response = client.post(url, data | {"title": title, "slug": slug, "_save": "Save"})
    assert response.status_code == 302, soup(response).find(class_="errorlist")
    return PageContent.admin_manager.get(title=title, language="en").page


def test_a_new_page_under_the_guide_is_a_guide_part_not_the_whole_guide_again(site_content):
    editor = signed_in_client(make_user(EDITOR))
    guide = Page.objects.get(reverse_id=settings.GUIDE_REVERSE_ID)
    new_page = add_page_under(editor, guide, "Talking to your child")
    content = PageContent.admin_manager.get(page=new_page, language="en")
    assert content.template == "pages/guide_part.html"
    draft = editor.get(get_object_preview_url(content))
    assert draft.status_code == 200
    assert "Talking to your child" in text_of(soup(draft).find("h1"))
    assert GUIDE_PART_TEXT not in text_of(soup(draft).find("main"))


def test_a_page_elsewhere_keeps_inheriting_its_template(site_content):
    editor = signed_in_client(make_user(EDITOR))
    home = Page.objects.get(reverse_id="home")
    new_page = add_page_under(editor, home, "Somewhere else")
    assert PageContent.admin_manager.get(page=new_page, language="en").template == "INHERIT"


# Every screen, both roles ------------------------------------------------------------


@pytest.fixture
def screens(site_content):
    """Each admin screen editors use, for each role, with what they need to exist."""
    editor_user, publisher_user = make_user(EDITOR), make_user(PUBLISHER)
    content = page_content("guide-who-are-offenders")
    page = content.page
    published = Version.objects.get_for_content(content)
    draft = published.copy(editor_user)
    service = Service.objects.get(slug="nspcc-helpline")
    situation = Situation.objects.first()
    first_version = EntryVersion.objects.get_for_object(service).last()
    review = ReviewDates.objects.get(extended_object=page)
    editor, publisher = signed_in_client(editor_user), signed_in_client(publisher_user)
    # An editor's change to a service is a draft of it, with a page of its own.
    url = f"/admin/directory/service/{service.pk}/change/"
    editor.post(url, admin_form(editor, url) | {"who_for": "Anyone worried about a child."})
    new_page = add_page_under(publisher, Page.objects.get(reverse_id=settings.GUIDE_REVERSE_ID), "A part to delete")
    versions = f"/admin/djangocms_versioning/pagecontentversion/?page={page.pk}&language=en"
    both = [
        "/admin/",
        "/admin/cms/pagecontent/",
        "/admin/cms/pagecontent/get-tree/?language=en",
        f"/admin/cms/pagecontent/{draft.content.pk}/change/",
        get_object_edit_url(draft.content),
        get_object_structure_url(draft.content),
        f"/admin/cms/pagecontent/{content.pk}/change/",
        f"/admin/cms/pagecontent/add/?parent_page={page.pk}&language=en",
        versions,
        "/admin/djangocms_versioning/pagecontentversion/select/",
        f"/admin/djangocms_versioning/pagecontentversion/{draft.pk}/compare/?compare_to={published.pk}",
        f"/admin/djangocms_versioning/pagecontentversion/{draft.pk}/discard/",
        "/admin/editors/reviewdates/",
        f"/admin/editors/reviewdates/{review.pk}/change/",
        "/admin/directory/service/",
        f"/admin/directory/service/{service.pk}/change/",
        "/admin/directory/service/add/",
        f"/admin/directory/service/{service.pk}/history/",
        "/admin/directory/situation/",
        f"/admin/directory/situation/{situation.pk}/change/",
        "/admin/directory/directorydraft/",
        "/admin/dashboard/",
        "/admin/password_change/",
        page.get_absolute_url() + "?toolbar_on",
    ]
    publisher_only = [
        f"/admin/cms/page/{page.pk}/advanced-settings/",
        f"/admin/cms/page/{new_page.pk}/delete/",
        f"/admin/djangocms_versioning/pagecontentversion/{published.pk}/unpublish/",
        f"/admin/directory/service/{service.pk}/history/{first_version.pk}/",
        "/admin/directory/service/recover/",
        f"/admin/directory/situation/{situation.pk}/delete/",
    ]
    return {"Editor": (editor, both), "Publisher": (publisher, both + publisher_only)}


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
def test_no_screen_an_editor_uses_shows_programmer_words(screens, role):
    client, urls = screens[role]
    found = {}
    for url in urls:
        # follow: the Publisher's edit mode of the Editor's locked draft opens its preview
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        if words := forbidden_words_in(words_on(response)):
            found[url] = words
    assert not found


def test_the_sign_in_page_shows_no_programmer_words(db):
    response = Client().get("/admin/login/")
    assert not forbidden_words_in(words_on(response))


def test_a_schedule_is_named_by_its_page_and_version_number_not_a_database_id(site_content):
    publisher = make_user(PUBLISHER)
    content = page_content("guide-who-are-offenders")
    draft = Version.objects.get_for_content(content).copy(publisher)
    schedule = PublicationSchedule.objects.create(
        version=draft, publish_at=timezone.now() + datetime.timedelta(days=1), created_by=publisher
    )
    assert str(schedule) == f"Schedule for “{content.title}”, version {draft.number}"
    page = words_on(signed_in_client(publisher).get(f"/admin/editors/publicationschedule/{schedule.pk}/change/"))
    assert f"Version #{draft.pk}" not in page


def test_dates_in_the_admin_are_written_the_british_way(site_content):
    """Not "Nov. 30, 2026": the site's language is "en", its editors British (formats/en/formats.py)."""
    page = soup(signed_in_client(make_user(EDITOR)).get("/admin/editors/reviewdates/"))
    dates = [text_of(cell) for cell in page.select("#result_list td.field-last_reviewed")]
    assert dates
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", date) for date in dates), dates


def test_the_directory_lists_ticks_and_crosses_read_as_yes_or_no(site_content):
    client = signed_in_client(make_user(EDITOR))
    for url, column in (("/admin/directory/service/", "For emergencies"), ("/admin/directory/situation/", "Emergency")):
        page = soup(client.get(url))
        assert any(text_of(th).endswith(column) for th in page.select("#result_list thead th")), url
        alts = {img["alt"] for img in page.select("#result_list tbody img")}
        assert alts == {"Yes", "No"}, (url, alts)
