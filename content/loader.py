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

    ::: services worried-about-someone
    ::: service nspcc-helpline
    ::: organisation

The last three place plugins: a situation's services, or one service, as
cards; who runs the site and how to reach them. The directory itself (services
and situations) comes from ``directory.toml`` and is loaded first, by the same
rules.

Each page's "Page last reviewed" is the date its facts were last checked
against their sources: ``reviewed = 2026-11-30`` in its front matter, else the
starting content's date in ``reviewed.toml``. Never the day it was loaded.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import reversion
from cms.api import add_plugin, create_page
from cms.models import Page, PageContent
from cms.utils.apphook_reload import mark_urlconf_as_changed
from cms.utils.conf import get_cms_setting
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from djangocms_versioning.models import Version

from safeguarding_site.directory.models import ContactMethod, Service, Situation, SituationService
from safeguarding_site.editors.models import ReviewDates
from safeguarding_site.guidance.models import GuideStep

from .models import LoadRecord

CONTENT_DIR = Path(__file__).resolve().parent
PAGES_DIR = CONTENT_DIR / "pages"
# Who and what made the first versions, as editors read them in version lists
# and histories. (Before 0003_plain_words_for_the_loader: "content-loader" and
# "Starting content, loaded by load_content".)
LOADER_USERNAME = "Starting content (Home Office guide)"
LOADER_COMMENT = "Starting content, from the Home Office guide"

_FRONT_MATTER = re.compile(r"\A\+\+\+\n(?P<meta>.*?)\n\+\+\+\n(?P<body>.*)\Z", re.DOTALL)
_UPDATE_BLOCK = re.compile(
    r"^::: update (?P<date>\d{4}-\d{2}-\d{2})(?: (?P<heading>[^\n]+))?\n(?P<body>.*?)\n:::$",
    re.DOTALL | re.MULTILINE,
)
_DIRECTORY_BLOCK = re.compile(
    r"^::: (?:(?P<kind>services?) (?P<slug>[a-z0-9-]+)|(?P<organisation>organisation))$", re.MULTILINE
)
_PAGE_FIELDS = {
    "key", "parent", "title", "menu_title", "page_title", "slug", "template",
    "home", "in_navigation", "meta_description", "apphook", "apphook_namespace", "reviewed",
}  # fmt: skip
DIRECTORY_FILE = CONTENT_DIR / "directory.toml"
REVIEWED_FILE = CONTENT_DIR / "reviewed.toml"
GUIDANCE_FILE = CONTENT_DIR / "guidance.toml"
NATION_FIELDS = {
    "England": "covers_england",
    "Wales": "covers_wales",
    "Scotland": "covers_scotland",
    "Northern Ireland": "covers_northern_ireland",
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


@dataclass(frozen=True)
class DirectoryBlock:
    """A service card (kind "service") or a situation's services (kind "services")."""

    kind: str
    slug: str
    heading_level: int = 3


@dataclass(frozen=True)
class OrganisationBlock:
    """Who runs this site and how to reach them (the site's settings), as the contact details plugin."""


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
    apphook: str | None = None
    apphook_namespace: str | None = None
    reviewed: datetime.date | None = None  # when its facts were last checked; else reviewed.toml's


def render_markdown(text):
    return markdown.markdown(text, extensions=["sane_lists"], output_format="html")


def _split_directory_blocks(text):
    """Text and directory blocks, in order, from a stretch of body with no update notes."""
    blocks = []
    position = 0
    for match in _DIRECTORY_BLOCK.finditer(text):
        before = text[position : match.start()].strip()
        if before:
            blocks.append(TextBlock(before))
        blocks.append(OrganisationBlock() if match["organisation"] else DirectoryBlock(match["kind"], match["slug"]))
        position = match.end()
    rest = text[position:].strip()
    if rest:
        blocks.append(TextBlock(rest))
    return blocks


def parse_blocks(body, source):
    """Split a page body into text, update-note and directory blocks, in order."""
    blocks = []
    position = 0
    for match in _UPDATE_BLOCK.finditer(body):
        blocks += _split_directory_blocks(body[position : match.start()])
        try:
            updated_on = datetime.date.fromisoformat(match["date"])
        except ValueError as error:
            raise ContentError(f"{source.name}: update note date {match['date']!r} is not a date") from error
        blocks.append(UpdateNoteBlock(updated_on, match["body"].strip(), (match["heading"] or "Update").strip()))
        position = match.end()
    blocks += _split_directory_blocks(body[position:])
    for block in blocks:
        if isinstance(block, DirectoryBlock | OrganisationBlock):
            continue
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
    if "reviewed" in meta:
        meta["reviewed"] = review_date(meta["reviewed"], path.name)
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


def review_date(value, where):
    """A date its facts were checked on: a TOML date (2026-11-30), not in the future."""
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ContentError(f"{where}: 'reviewed' must be a date such as 2026-11-30, not {value!r}")
    if value > timezone.localdate():
        raise ContentError(f"{where}: 'reviewed' is {value}, a day still to come: give the day the facts were checked")
    return value


def read_reviewed(path=REVIEWED_FILE):
    """The date the starting content's facts were last checked against their sources (reviewed.toml)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML: {error}") from error
    if "reviewed" not in data:
        raise ContentError(f"{path.name}: needs 'reviewed', the date the content was last checked")
    return review_date(data["reviewed"], path.name)


def read_directory(path=DIRECTORY_FILE):
    """The directory's seed entries: ``{"services": [...], "situations": [...]}``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML: {error}") from error
    services = data.get("services", [])
    situations = data.get("situations", [])
    slugs = [entry.get("slug") for entry in services]
    for entry in situations:
        for slug in entry.get("services", []):
            if slug not in slugs:
                raise ContentError(f"{path.name}: situation {entry.get('slug')!r} lists unknown service {slug!r}")
    return {"services": services, "situations": situations}


def read_guidance(path=GUIDANCE_FILE):
    """Steps for each situation: ``{slug: [{"stage": ..., "text": ...}, ...]}``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML: {error}") from error
    stages = {stage for stage, _label in GuideStep.STAGE_CHOICES}
    guidance = {}
    for entry in data.get("situations", []):
        for step in entry.get("steps", []):
            if step.get("stage") not in stages or not step.get("text"):
                raise ContentError(f"{path.name}: situation {entry.get('slug')!r}: each step needs a stage and text")
        guidance[entry["slug"]] = entry.get("steps", [])
    return guidance


def loader_user():
    """The account that loaded content is recorded against; it cannot log in."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=LOADER_USERNAME, defaults={"is_active": False, "first_name": "Starting", "last_name": "content"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Loader:
    """Creates what has never been loaded; reports what it created and skipped."""

    def __init__(self, language=None, stdout=None, reviewed=None):
        self.language = language or settings.LANGUAGE_CODE
        self.stdout = stdout
        self.reviewed = reviewed  # for pages whose front matter gives none; reviewed.toml's unless given
        self.created = []
        self.skipped = []

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self, specs=None, directory=None, guidance=None):
        specs = read_pages() if specs is None else specs
        directory = read_directory() if directory is None else directory
        guidance = read_guidance() if guidance is None else guidance
        if self.reviewed is None:
            self.reviewed = read_reviewed()
        with transaction.atomic(), reversion.create_revision():
            user = loader_user()
            # The directory and steps as loaded are the first version in their history.
            reversion.set_user(user)
            reversion.set_comment(LOADER_COMMENT)
            for entry in directory["services"]:
                self.load_service(entry)
            for position, entry in enumerate(directory["situations"]):
                self.load_situation(entry, position)
            for slug, steps in guidance.items():
                self.load_steps(slug, steps)
            pages = {}
            for spec in specs:
                pages[spec.key] = self.load_page(spec, pages, user)
            if any(spec.apphook and f"{LoadRecord.PAGE}:{spec.key}" in self.created for spec in specs):
                # What the admin does when an app is attached to a page: a running
                # site's workers reload their URLs on their next request.
                mark_urlconf_as_changed()
        return self.created, self.skipped

    def _already_loaded(self, kind, key, exists):
        """True (and says why) when this entry must not be created."""
        if LoadRecord.objects.filter(kind=kind, key=key).exists():
            reason = (
                "loaded before; editors' changes are kept" if exists else "loaded before, since deleted by an editor"
            )
            self.skip(kind, key, reason)
            return True
        if exists:
            self.skip(kind, key, "one with this key already exists")
            LoadRecord.objects.create(kind=kind, key=key)
            return True
        return False

    def _validated(self, instance, label):
        try:
            instance.full_clean()
        except ValidationError as error:
            raise ContentError(f"directory.toml: {label}: {'; '.join(error.messages)}") from error
        instance.save()
        return instance

    def load_service(self, entry):
        entry = dict(entry)
        slug = entry.get("slug", "")
        if self._already_loaded(LoadRecord.SERVICE, slug, Service.objects.filter(slug=slug).exists()):
            return
        contacts = entry.pop("contacts", [])
        nations = entry.pop("nations", [])
        unknown = set(nations) - set(NATION_FIELDS)
        if unknown:
            raise ContentError(f"directory.toml: service {slug!r}: unknown nation(s) {sorted(unknown)}")
        try:
            service = Service(**entry, **{NATION_FIELDS[nation]: True for nation in nations})
            methods = [ContactMethod(position=index, **contact) for index, contact in enumerate(contacts)]
        except TypeError as error:
            raise ContentError(f"directory.toml: service {slug!r}: {error}") from error
        self._validated(service, f"service {slug!r}")
        for method in methods:
            method.service = service
            self._validated(method, f"service {slug!r}, contact {method.position + 1}")
        LoadRecord.objects.create(kind=LoadRecord.SERVICE, key=slug)
        self.record_created(LoadRecord.SERVICE, slug, f"with {len(methods)} contact method(s)")

    def load_situation(self, entry, position):
        entry = dict(entry)
        slug = entry.get("slug", "")
        if self._already_loaded(LoadRecord.SITUATION, slug, Situation.objects.filter(slug=slug).exists()):
            return
        service_slugs = entry.pop("services", [])
        try:
            situation = Situation(position=position, **entry)
        except TypeError as error:
            raise ContentError(f"directory.toml: situation {slug!r}: {error}") from error
        self._validated(situation, f"situation {slug!r}")
        services = {service.slug: service for service in Service.objects.filter(slug__in=service_slugs)}
        for index, service_slug in enumerate(service_slugs):
            if service_slug not in services:
                self.say(f"  situation {slug!r}: service {service_slug!r} no longer exists, not linked")
                continue
            SituationService.objects.create(situation=situation, service=services[service_slug], position=index)
        LoadRecord.objects.create(kind=LoadRecord.SITUATION, key=slug)
        self.record_created(LoadRecord.SITUATION, slug, f"with {len(services)} service(s)")

    def load_steps(self, slug, steps):
        """A situation's steps, created together once; an editor's steps are never touched."""
        situation = Situation.objects.filter(slug=slug).first()
        if self._already_loaded(LoadRecord.STEPS, slug, situation is not None and situation.steps.exists()):
            return
        if situation is None:
            self.skip(LoadRecord.STEPS, slug, "its situation no longer exists")
            return
        for position, step in enumerate(steps):
            GuideStep.objects.create(
                situation=situation, stage=step["stage"], position=position, body=render_markdown(step["text"])
            )
        LoadRecord.objects.create(kind=LoadRecord.STEPS, key=slug)
        self.record_created(LoadRecord.STEPS, slug, f"({len(steps)} steps)")

    def record_created(self, kind, key, where):
        self.created.append(f"{kind}:{key}")
        self.say(f"created {kind} {key!r} {where}")

    def load_page(self, spec, pages, user):
        existing = Page.objects.filter(reverse_id=spec.key, site_id=settings.SITE_ID).first()
        if self._already_loaded(LoadRecord.PAGE, spec.key, existing is not None):
            return existing
        parent = pages.get(spec.parent) if spec.parent else None
        if spec.parent and parent is None:
            self.skip(LoadRecord.PAGE, spec.key, f"its parent page {spec.parent!r} no longer exists")
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
            apphook=spec.apphook,
            apphook_namespace=spec.apphook_namespace,
            # create_page() would say "inherit"; new pages made in the admin get this default too.
            xframe_options=get_cms_setting("DEFAULT_X_FRAME_OPTIONS"),
            created_by=user,
        )
        content = PageContent.admin_manager.get(page=page, language=self.language)
        placeholder = content.get_placeholders().get(slot="content")
        for block in spec.blocks:
            if isinstance(block, DirectoryBlock):
                self.add_directory_plugin(placeholder, block, spec)
            elif isinstance(block, OrganisationBlock):
                add_plugin(placeholder, "ContactDetailsPluginPublisher", self.language)
            elif isinstance(block, UpdateNoteBlock):
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
        # The date the facts were checked against their sources, not today: loading is no review.
        ReviewDates.objects.create(extended_object=page, last_reviewed=spec.reviewed or self.reviewed, reviewed_by=user)
        LoadRecord.objects.create(kind=LoadRecord.PAGE, key=spec.key)
        self.record_created(LoadRecord.PAGE, spec.key, f"at {page.get_absolute_url(self.language)}")
        return page

    # block kind -> (model, plugin type, the plugin's field for the entry)
    DIRECTORY_PLUGINS = {
        "service": (Service, "ServiceCardPluginPublisher", "service"),
        "services": (Situation, "SituationServicesPluginPublisher", "situation"),
    }

    def add_directory_plugin(self, placeholder, block, spec):
        """A service card, or a situation's services; left out if an editor deleted the entry."""
        model, plugin_type, field_name = self.DIRECTORY_PLUGINS[block.kind]
        entry = model.objects.filter(slug=block.slug).first()
        if entry is None:
            self.say(f"  page {spec.key!r}: {field_name} {block.slug!r} no longer exists, cards left out")
            return
        add_plugin(placeholder, plugin_type, self.language, **{field_name: entry, "heading_level": block.heading_level})

    def skip(self, kind, key, reason):
        self.skipped.append(f"{kind}:{key}")
        self.say(f"skipped {kind} {key!r}: {reason}")
