"""The starting-content loader: creates the guide once, never touches an editor's work."""

import io

import pytest
from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from content import loader as loader_module
from content.loader import LOADER_USERNAME, ContentError, read_directory, read_guidance, read_pages
from content.models import LoadRecord
from tests.helpers import soup, text_of

ALL_KEYS = [spec.key for spec in read_pages()]
DIRECTORY = read_directory()
TOTAL = len(ALL_KEYS) + len(DIRECTORY["services"]) + len(DIRECTORY["situations"]) + len(read_guidance())


def load():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def editor(empty_database):
    return get_user_model().objects.create_user("editor", "editor@example.org", "a-long-test-password", is_staff=True)


def edit_published_text(page, user, old, new):
    """What an editor does in the CMS: a new draft from the published version, edited and published."""
    published = PageContent.objects.get(page=page, language="en")
    draft_version = Version.objects.get_for_content(published).copy(user)
    draft = draft_version.content
    plugins = [plugin.get_bound_plugin() for plugin in draft.get_placeholders().get(slot="content").get_plugins()]
    bound = next(plugin for plugin in plugins if old in plugin.body)
    bound.body = bound.body.replace(old, new)
    bound.save()
    return draft_version


def test_first_run_creates_and_publishes_the_guide(empty_database):
    output = load()
    assert output.count("created page") == len(ALL_KEYS)
    assert f"Created {TOTAL}, skipped 0." in output
    assert set(Page.objects.values_list("reverse_id", flat=True)) == set(ALL_KEYS)
    assert Page.objects.get(reverse_id="home").is_home
    guide = Page.objects.get(reverse_id="guide")
    assert [page.reverse_id for page in guide.get_child_pages()] == [
        "guide-who-are-offenders",
        "guide-controlled-disclosure",
        "guide-serious-concerns",
    ]
    versions = Version.objects.all()
    assert {version.state for version in versions} == {PUBLISHED}
    assert Version.objects.count() == len(ALL_KEYS)
    assert all(version.created_by.username == LOADER_USERNAME for version in versions)
    assert not get_user_model().objects.get(username=LOADER_USERNAME).has_usable_password()


def test_second_run_creates_nothing(empty_database):
    load()
    pages, versions, records = Page.objects.count(), Version.objects.count(), LoadRecord.objects.count()
    output = load()
    assert "created" not in output.replace("Created 0", "")
    assert output.count("skipped page") == len(ALL_KEYS)
    assert f"Created 0, skipped {TOTAL}." in output
    assert (Page.objects.count(), Version.objects.count(), LoadRecord.objects.count()) == (pages, versions, records)


def test_an_edited_page_survives_a_rerun_unchanged(client, empty_database, editor):
    load()
    page = Page.objects.get(reverse_id="guide-who-are-offenders")
    draft_version = edit_published_text(page, editor, "huge role to play", "vital role to play")
    draft_version.publish(editor)
    second = Page.objects.get(reverse_id="guide-controlled-disclosure")
    unpublished_draft = edit_published_text(second, editor, "Effective management", "Careful management")

    output = load()

    assert "Created 0" in output
    text = text_of(soup(client.get("/guide/who-are-child-sex-offenders/")).find("main"))
    assert "vital role to play" in text
    assert "huge role to play" not in text
    draft = Version.objects.get(pk=unpublished_draft.pk)
    assert draft.state == DRAFT
    first_plugin = draft.content.get_placeholders().get(slot="content").get_plugins()[0]
    assert "Careful management" in first_plugin.get_bound_plugin().body
    assert Version.objects.filter(state=PUBLISHED).count() == len(ALL_KEYS)


def test_a_page_an_editor_deleted_is_not_recreated(empty_database):
    load()
    Page.objects.get(reverse_id="privacy-notice").delete()
    output = load()
    assert "skipped page 'privacy-notice': loaded before, since deleted by an editor" in output
    assert not Page.objects.filter(reverse_id="privacy-notice").exists()


def test_a_page_that_already_exists_is_adopted_not_duplicated(empty_database, editor):
    from cms.api import create_page

    create_page("Our own privacy page", "pages/content.html", "en", reverse_id="privacy-notice", created_by=editor)
    output = load()
    assert "skipped page 'privacy-notice': one with this key already exists" in output
    assert Page.objects.filter(reverse_id="privacy-notice").count() == 1


def test_a_failure_part_way_leaves_nothing_behind(empty_database, monkeypatch):
    calls = {"n": 0}
    real_add_plugin = loader_module.add_plugin

    def failing_add_plugin(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real_add_plugin(*args, **kwargs)

    monkeypatch.setattr(loader_module, "add_plugin", failing_add_plugin)
    with pytest.raises(RuntimeError, match="disk full"):
        load()
    assert calls["n"] == 5
    assert Page.objects.count() == 0
    assert Version.objects.count() == 0
    assert LoadRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "must start with TOML front matter"),
        ('+++\nkey = "x"\ntitle = "X"\n+++\nbody\n', "front matter needs 'template'"),
        ('+++\nkey = "x"\ntitle = "X"\ntemplate = "nope.html"\n+++\nbody\n', "template 'nope.html' is not one of"),
        ('+++\nkey = "x"\ntitle = "X"\ntemplate = "pages/content.html"\ncolour = "red"\n+++\n', "unknown front matter"),
        ("+++\nkey = x\n+++\n", "not valid TOML"),
        ('+++\nkey = "x"\ntitle = "X"\ntemplate = "pages/content.html"\n+++\n# Title again\n', "use '##' or lower"),
        (
            '+++\nkey = "x"\ntitle = "X"\ntemplate = "pages/content.html"\n+++\n::: update 2026-13-40\nNote\n:::\n',
            "is not a date",
        ),
        (
            '+++\nkey = "x"\ntitle = "X"\ntemplate = "pages/content.html"\n+++\n::: update 2026-01-01\nNote\n',
            "not closed",
        ),
    ],
)
def test_malformed_content_files_are_reported_clearly(tmp_path, settings, text, message):
    (tmp_path / "01-page.md").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        read_pages(tmp_path)


def test_the_command_loads_nothing_from_a_malformed_file(empty_database, tmp_path, monkeypatch):
    (tmp_path / "01-page.md").write_text("no front matter\n", encoding="utf-8")
    monkeypatch.setattr(loader_module, "PAGES_DIR", tmp_path)
    monkeypatch.setattr(loader_module.read_pages, "__defaults__", (tmp_path,))
    with pytest.raises(CommandError, match="Nothing was loaded: 01-page.md"):
        load()
    assert Page.objects.count() == 0


def test_a_child_listed_before_its_parent_is_refused(tmp_path):
    (tmp_path / "01-child.md").write_text(
        '+++\nkey = "child"\nparent = "guide"\ntitle = "C"\ntemplate = "pages/content.html"\n+++\n', encoding="utf-8"
    )
    with pytest.raises(ContentError, match="parent 'guide' must come from an earlier file"):
        read_pages(tmp_path)
