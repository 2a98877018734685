"""Load the site's starting content from the plain files in ``content/`` into the CMS.

Data flows one way: files -> this loader -> CMS database. After the first load
the database is the truth. The loader creates what has never been loaded and
skips everything else, so a page an editor has changed, moved or deleted is
never touched again. Everything happens in one transaction: a run that fails
part-way leaves the database as it was.

A page file is Markdown with TOML front matter between ``+++`` lines::

    +++
    key = "guide-controlled-disclosure"   # stable identity, stored as the page's reverse_id
    parent = "guide"                      # key of the parent page (optional)
    title = "..."
    template = "pages/guide_part.html"
    +++

    Paragraphs of the leaflet...

    ::: update 2026-11-24
    An update note, shown clearly marked after the paragraph before it.
    :::
"""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from cms.api import add_plugin, create_page
from cms.models import Page, PageContent
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from djangocms_versioning.models import Version

from .models import LoadRecord

CONTENT_DIR = Path(__file__).resolve().parent
PAGES_DIR = CONTENT_DIR / "pages"
LOADER_USERNAME = "content-loader"

_FRONT_MATTER = re.compile(r"\A\+\+\+\n(?P<meta>.*?)\n\+\+\+\n(?P<body>.*)\Z", re.DOTALL)
_UPDATE_BLOCK = re.compile(
    r"^::: update (?P<date>\d{4}-\d{2}-\d{2})(?: (?P<heading>[^\n]+))?\n(?P<body>.*?)\n:::$",
    re.DOTALL | re.MULTILINE,
)
_PAGE_FIELDS = {
    "key",
    "parent",
    "title",
    "menu_title",
    "page_title",
    "slug",
    "template",
    "home",
    "in_navigation",
    "meta_description",
}


class ContentError(Exception):
    """A content file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class TextBlock:
    markdown: str

    @property
    def html(self):
        return render_markdown(self.markdown)


@dataclass(frozen=True)
class UpdateNoteBlock:
    updated_on: datetime.date
    markdown: str
    heading: str = "Update"

    @property
    def html(self):
        return render_markdown(self.markdown)


@dataclass
class PageSpec:
    key: str
    title: str
    template: str
    source: Path
    blocks: list = field(default_factory=list)
    parent: str | None = None
    menu_title: str | None = None
    page_title: str | None = None
    slug: str | None = None
    home: bool = False
    in_navigation: bool = False
    meta_description: str | None = None


def render_markdown(text):
    return markdown.markdown(text, extensions=["sane_lists"], output_format="html")


def parse_blocks(body, source):
    """Split a page body into text blocks and update-note blocks, in order."""
    blocks = []
    position = 0
    for match in _UPDATE_BLOCK.finditer(body):
        before = body[position : match.start()].strip()
        if before:
            blocks.append(TextBlock(before))
        try:
            updated_on = datetime.date.fromisoformat(match["date"])
        except ValueError as error:
            raise ContentError(f"{source.name}: update note date {match['date']!r} is not a date") from error
        blocks.append(UpdateNoteBlock(updated_on, match["body"].strip(), (match["heading"] or "Update").strip()))
        position = match.end()
    rest = body[position:].strip()
    if rest:
        blocks.append(TextBlock(rest))
    for block in blocks:
        if ":::" in block.markdown:
            raise ContentError(f"{source.name}: an update note is not closed with ':::' on its own line")
        if re.search(r"^# ", block.markdown, re.MULTILINE):
            raise ContentError(f"{source.name}: use '##' or lower for headings; the page title is the page's only <h1>")
    return blocks


def parse_page(path):
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError(f"{path.name}: must start with TOML front matter between '+++' lines")
    try:
        meta = tomllib.loads(match["meta"])
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: front matter is not valid TOML: {error}") from error
    unknown = set(meta) - _PAGE_FIELDS
    if unknown:
        raise ContentError(f"{path.name}: unknown front matter field(s): {', '.join(sorted(unknown))}")
    for required in ("key", "title", "template"):
        if not meta.get(required):
            raise ContentError(f"{path.name}: front matter needs '{required}'")
    templates = {name for name, _label in settings.CMS_TEMPLATES}
    if meta["template"] not in templates:
        raise ContentError(f"{path.name}: template {meta['template']!r} is not one of {sorted(templates)}")
    return PageSpec(source=path, blocks=parse_blocks(match["body"], path), **meta)


def read_pages(directory=PAGES_DIR):
    """All page specs, in file-name order (parents must sort before their children)."""
    specs = [parse_page(path) for path in sorted(directory.glob("*.md"))]
    seen = set()
    for spec in specs:
        if spec.key in seen:
            raise ContentError(f"{spec.source.name}: key {spec.key!r} is used by another file")
        if spec.parent and spec.parent not in seen:
            raise ContentError(f"{spec.source.name}: parent {spec.parent!r} must come from an earlier file")
        seen.add(spec.key)
    return specs


def loader_user():
    """The account that loaded content is recorded against; it cannot log in."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=LOADER_USERNAME, defaults={"is_active": False, "first_name": "Content", "last_name": "loader"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Loader:
    """Creates what has never been loaded; reports what it created and skipped."""

    def __init__(self, language=None, stdout=None):
        self.language = language or settings.LANGUAGE_CODE
        self.stdout = stdout
        self.created = []
        self.skipped = []

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self, specs=None):
        specs = read_pages() if specs is None else specs
        with transaction.atomic():
            user = loader_user()
            pages = {}
            for spec in specs:
                pages[spec.key] = self.load_page(spec, pages, user)
        return self.created, self.skipped

    def load_page(self, spec, pages, user):
        existing = Page.objects.filter(reverse_id=spec.key, site_id=settings.SITE_ID).first()
        if LoadRecord.objects.filter(kind=LoadRecord.PAGE, key=spec.key).exists():
            reason = (
                "loaded before; editors' changes are kept" if existing else "loaded before, since deleted by an editor"
            )
            self.skip(spec, reason)
            return existing
        if existing is not None:
            self.skip(spec, "a page with this key already exists")
            LoadRecord.objects.create(kind=LoadRecord.PAGE, key=spec.key)
            return existing
        parent = pages.get(spec.parent) if spec.parent else None
        if spec.parent and parent is None:
            self.skip(spec, f"its parent page {spec.parent!r} no longer exists")
            return None
        page = create_page(
            title=spec.title,
            template=spec.template,
            language=self.language,
            menu_title=spec.menu_title,
            page_title=spec.page_title,
            slug=spec.slug,
            parent=parent,
            in_navigation=spec.in_navigation,
            reverse_id=spec.key,
            meta_description=spec.meta_description,
            created_by=user,
        )
        content = PageContent.admin_manager.get(page=page, language=self.language)
        placeholder = content.get_placeholders().get(slot="content")
        for block in spec.blocks:
            if isinstance(block, UpdateNoteBlock):
                add_plugin(
                    placeholder,
                    "UpdateNotePluginPublisher",
                    self.language,
                    heading=block.heading,
                    updated_on=block.updated_on,
                    body=block.html,
                )
            else:
                add_plugin(placeholder, "TextPlugin", self.language, body=block.html)
        Version.objects.get_for_content(content).publish(user)
        if spec.home:
            page.set_as_homepage(user)
        LoadRecord.objects.create(kind=LoadRecord.PAGE, key=spec.key)
        url = page.get_absolute_url(self.language)
        self.created.append(spec.key)
        self.say(f"created page {spec.key!r} at {url}")
        return page

    def skip(self, spec, reason):
        self.skipped.append(spec.key)
        self.say(f"skipped page {spec.key!r}: {reason}")
