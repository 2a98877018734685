"""Search (issue 16, finding 9: "/search/ is 404"): one box over pages, situations and services.

Stemming and editors' synonyms, ranking, only published content, odd input,
no cookie, never shared between visitors, and the words typed never sent to
the database.
"""

import pytest
from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import DirectoryDraft, Service
from safeguarding_site.editors.roles import EDITOR, PUBLISHER
from safeguarding_site.search.models import Synonym
from tests.helpers import admin_form, make_user, signed_in_client, soup, text_of

WHO_ARE_OFFENDERS = "/guide/who-are-child-sex-offenders/"


def search(client, query, status=200):
    response = client.get("/search/", {"q": query})
    assert response.status_code == status, query
    return response


def results(client, query):
    """[(title, address)] of the results listed for ``query``, in the order shown."""
    items = soup(search(client, query)).select("ol.search-results > li")
    return [(item.h3.a.get_text(strip=True), item.h3.a["href"]) for item in items]


def addresses(client, query):
    return [address for _title, address in results(client, query)]


def titles(client, query):
    return [title for title, _address in results(client, query)]


@pytest.fixture
def publisher(site_content):
    return make_user(PUBLISHER)


def new_page(user, title, slug, *paragraphs, publish=True):
    """A page with one text plugin, published unless ``publish`` is False."""
    page = create_page(title, "pages/content.html", "en", slug=slug, created_by=user, in_navigation=False)
    content = PageContent.admin_manager.get(page=page, language="en")
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body=body)
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return content


# The page ----------------------------------------------------------------------


def test_the_search_page_has_a_labelled_search_form_and_the_999_line(client, site_content):
    response = client.get("/search/")
    assert response.status_code == 200
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    form = page.find("form", attrs={"role": "search"})
    assert form["method"] == "get"
    assert form["action"] == "/search/"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Search this site"
    assert form.find("button", attrs={"type": "submit"})
    assert page.find("a", href="tel:999")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_every_page_links_to_search_from_its_header(client, site_content):
    for path in ["/", WHO_ARE_OFFENDERS, "/get-help/"]:
        header = soup(client.get(path)).find("header")
        assert header.find("a", href="/search/"), path


def test_results_are_a_list_of_headed_links_with_what_each_is(client, site_content):
    page = soup(search(client, "police"))
    assert len(page.find_all("h1")) == 1
    heading = page.find("h2", id="search-results")
    assert text_of(heading).endswith("for ‘police’")
    items = page.select("ol.search-results > li")
    assert len(items) > 3
    kinds = {text_of(item.find(class_="search-result__kind")) for item in items}
    assert kinds == {"What should I do?", "Who to contact", "Page"}  # situations, services, pages
    for item in items:
        link = item.h3.a
        assert link["href"].startswith("/")
        assert text_of(link)
    assert page.find("a", href="tel:999")


def test_no_results_says_what_to_try_and_where_to_get_help(client, site_content):
    page = soup(search(client, "xylophone"))
    assert not page.select("ol.search-results")
    assert text_of(page.find("h2", id="search-results")) == "No results for ‘xylophone’"
    advice = text_of(page.find("main"))
    assert "check the spelling" in advice
    assert page.find("main").find("a", href="/what-should-i-do/")
    assert page.find("main").find("a", href="tel:999")  # the 999 line in the advice itself
    assert page.find("main").find("a", href="/using-this-site-safely/")


# What it finds -------------------------------------------------------------------


def test_other_forms_of_a_word_find_the_same_things(client, publisher):
    """The stemmer: abuse/abused/abusing, groom/grooming/groomed."""
    for forms in [("abuse", "abused", "abusing"), ("groom", "grooming", "groomed")]:
        found = [addresses(client, word) for word in forms]
        assert found[0], forms
        assert all(each == found[0] for each in found), forms
    new_page(publisher, "Bike club", "bike-club", "A coach groomed a boy at the bike club.")
    assert "/bike-club/" in addresses(client, "grooming")


def test_a_synonym_finds_pages_with_the_other_word(client, site_content):
    """Starting list: paedophile finds pages about offenders, though no page says paedophile."""
    found = addresses(client, "paedophile")
    assert WHO_ARE_OFFENDERS in found
    assert addresses(client, "paedophiles") == found


def test_a_publisher_adds_a_synonym_in_the_admin_and_searches_find_it_at_once(client, publisher):
    assert results(client, "nonce") == []
    admin = signed_in_client(publisher)
    response = admin.post("/admin/search/synonym/add/", {"words": "Nonce, offender"})
    assert response.status_code == 302, soup(response).find(class_="errorlist")
    assert Synonym.objects.filter(words="nonce, offender").exists()
    assert WHO_ARE_OFFENDERS in addresses(client, "nonce")


def test_an_editor_may_read_the_synonyms_but_not_change_them(client, site_content):
    editor = signed_in_client(make_user(EDITOR))
    assert editor.get("/admin/search/synonym/").status_code == 200
    assert editor.post("/admin/search/synonym/add/", {"words": "nonce, offender"}).status_code == 403
    synonym = Synonym.objects.first()
    response = editor.post(f"/admin/search/synonym/{synonym.pk}/change/", {"words": "changed, words"})
    assert response.status_code == 403
    assert Synonym.objects.get(pk=synonym.pk).words == synonym.words
    assert results(client, "nonce") == []


@pytest.mark.parametrize(
    ("words", "message"),
    [("sex offender, paedophile", "Use single words"), ("offender", "at least two"), ("kid, Kid", "at least two")],
)
def test_a_synonym_must_be_two_or_more_single_words(publisher, words, message):
    admin = signed_in_client(publisher)
    before = Synonym.objects.count()
    response = admin.post("/admin/search/synonym/add/", {"words": words})
    assert response.status_code == 200
    assert message in text_of(soup(response).find(class_="errorlist"))
    assert Synonym.objects.count() == before


def test_a_title_match_ranks_above_a_body_match(client, publisher):
    new_page(publisher, "Kitchen shelf", "kitchen-shelf", "Marmalade, more marmalade and marmalade again.")
    new_page(publisher, "Marmalade jars", "marmalade-jars", "What to keep on a shelf.")
    assert titles(client, "marmalade") == ["Marmalade jars", "Kitchen shelf"]


def test_results_matching_every_word_come_first(client, publisher):
    new_page(publisher, "Marmalade jars", "marmalade-jars", "Jars for the kitchen.")
    new_page(publisher, "Toast", "toast", "Toast with marmalade and butter.")
    assert titles(client, "marmalade butter")[0] == "Toast"


def test_situations_are_found_by_their_steps_and_services_by_their_description(client, site_content):
    assert "/what-should-i-do/child-in-danger-now/" in addresses(client, "whisper")
    assert "/get-help/stop-it-now/" in addresses(client, "sexual thoughts")


# Only what visitors may see ---------------------------------------------------------


def test_a_page_never_published_is_never_found(client, publisher):
    new_page(publisher, "Pineapple plans", "pineapple-plans", "Pineapple is in this draft.", publish=False)
    assert results(client, "pineapple") == []


def test_a_draft_change_is_found_only_once_published(client, publisher):
    content = PageContent.objects.get(page__reverse_id="guide-who-are-offenders", language="en")
    draft = Version.objects.get_for_content(content).copy(publisher)
    placeholder = draft.content.get_placeholders().get(slot="content")
    add_plugin(placeholder, "TextPlugin", "en", body="<p>Pomegranate seeds.</p>")
    assert results(client, "pomegranate") == []
    draft.publish(publisher)
    assert addresses(client, "pomegranate") == [WHO_ARE_OFFENDERS]


def test_an_unpublished_page_is_no_longer_found(client, publisher):
    content = new_page(publisher, "Marmalade jars", "marmalade-jars", "Jars.")
    assert titles(client, "marmalade") == ["Marmalade jars"]
    Version.objects.get_for_content(content).unpublish(publisher)
    assert results(client, "marmalade") == []


def test_an_editors_draft_of_a_service_is_not_found(client, site_content):
    editor = signed_in_client(make_user(EDITOR))
    service = Service.objects.get(slug="nspcc-helpline")
    url = f"/admin/directory/service/{service.pk}/change/"
    data = admin_form(editor, url) | {"who_for": "Tangerine growers who worry about a child."}
    assert editor.post(url, data).status_code == 302
    assert DirectoryDraft.objects.filter(object_id=service.pk).exists()
    assert results(client, "tangerine") == []


# Odd input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("", 400, "Type a word to search for"),
        ("    ", 400, "Type a word to search for"),
        ("a" * 201, 400, "Your search is too long"),
        ("!!! ??? ***", 200, "No results for"),
        ("<script>alert(1)</script>", 200, "for ‘<script>alert(1)</script>’"),
        ('"><b>bold</b>', 200, 'for ‘"><b>bold</b>’'),
        ("' OR 1=1; DROP TABLE search_synonym; --", 200, "for ‘' OR 1=1; DROP TABLE search_synonym; --’"),
        ("%s %(q)s {{ q }} {% now 'Y' %}", 200, "for ‘%s %(q)s {{ q }} {% now 'Y' %}’"),
        ("the", 200, "for ‘the’"),
        ("😀 \u202e ﷽ ÄBÜSE", 200, "for ‘😀 \u202e ﷽ ÄBÜSE’"),
        (" ".join(["police"] * 28), 200, "for ‘police police"),  # 195 letters: many words, one counted
        (" ".join(f"qz{letter}" for letter in "abcdefghijklmn"), 200, "No results"),  # more words than are searched
    ],
)
def test_odd_input_gets_a_clear_page_never_a_500(client, site_content, query, status, says):
    response = search(client, query, status)
    page = soup(response)
    assert says in text_of(page.find("main"))
    assert page.find("a", href="tel:999")
    assert b"<script>alert" not in response.content
    assert b"<b>bold" not in response.content  # not even inside the box's value


def test_a_query_string_the_site_refuses_gets_its_own_page(client, site_content):
    assert client.get("/search/?q=" + "a" * 3000).status_code == 414
    assert client.get("/search/?q=%00").status_code == 400
    assert client.get("/search/?q=%ff%fe").status_code == 200  # not UTF-8: Django reads it as \ufffd
    assert client.get("/search/?q=police&q=abuse").status_code == 200  # the last one counts, as in Django


def test_only_get_and_head(client, site_content):
    assert client.post("/search/", {"q": "police"}).status_code in (403, 405)
    assert client.head("/search/?q=police").status_code == 200


# Privacy ----------------------------------------------------------------------------


def test_no_cookie_and_a_search_is_never_kept_for_the_next_visitor(client, site_content):
    for _ in range(2):
        response = search(client, "grooming")
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert response["Cache-Control"] == "private, no-store"
        assert response["CDN-Cache-Control"] == "no-store"  # nginx and any CDN keep nothing
    bare = client.get("/search/")
    assert bare["CDN-Cache-Control"].startswith("public")  # the empty box is the same for all


def test_the_title_does_not_repeat_the_words_searched_for(client, site_content):
    title = soup(search(client, "grooming")).title.get_text()
    assert "grooming" not in title.lower()
    assert title.startswith("Search")


def test_the_box_asks_the_browser_to_keep_no_list_of_past_searches(client, site_content):
    field = soup(client.get("/search/")).find("input", attrs={"name": "q"})
    assert field["autocomplete"] == "off"
    assert field["type"] == "search"


WORD = "zebracrossingword"


def text_columns():
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables:  # a model kept only for old migrations
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                yield model, field.name


def test_the_words_searched_for_never_reach_the_database(client, site_content):
    """Not in any query sent (cold index or warm), nor stored in any table afterwards."""
    with CaptureQueriesContext(connection) as cold:
        search(client, f"{WORD} abuse")
    with CaptureQueriesContext(connection) as warm:
        search(client, f"abuse {WORD}")
    sent = [query["sql"] for query in [*cold.captured_queries, *warm.captured_queries]]
    assert sent
    assert not [sql for sql in sent if WORD in sql.lower()]
    for model, name in text_columns():
        lookup = f"{name}__icontains"
        assert not model._meta.base_manager.filter(**{lookup: WORD}).exists(), f"{model._meta.label}.{name}"


def test_a_search_makes_a_bounded_number_of_queries(client, site_content, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):  # the first builds this worker's index
        search(client, "police")
    with django_assert_max_num_queries(6):  # then only the page frame's
        search(client, "grooming online")


def test_using_this_site_safely_says_searches_stay_in_history(client, site_content):
    text = text_of(soup(client.get("/using-this-site-safely/")).find("main"))
    assert "What you search for on this site stays in your history, like the pages you read." in text


def test_the_synonyms_admin_speaks_the_editors_words(publisher):
    from tests.integration.test_editors_words import forbidden_words_in, words_on

    synonym = Synonym.objects.first()
    for role, user in [(PUBLISHER, publisher), (EDITOR, make_user(EDITOR))]:
        client = signed_in_client(user)
        for url in [
            "/admin/",
            "/admin/search/synonym/",
            f"/admin/search/synonym/{synonym.pk}/change/",
            f"/admin/search/synonym/{synonym.pk}/history/",
        ]:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert forbidden_words_in(words_on(response)) == [], (role, url)
        change = client.get(f"/admin/search/synonym/{synonym.pk}/change/")
        told = "Only a Publisher can change these words" in text_of(soup(change).find(id="container"))
        assert told == (role == EDITOR)
