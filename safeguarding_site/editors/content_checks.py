"""Checks of what editors write that need no browser: reading level, headings, links, images, tables.

Each check is a function taking a ``Content`` (the words of one page, situation
or service, draft or published) and returning ``Finding``s; ``CHECKS`` lists
them, so a new check is one function and one line. ``check(content)`` runs them
all into a ``Report``. The builders (``page_content``, ``situation_content``,
``service_content``, ``directory_draft_content``) read what visitors would see.
The phone number check reads each piece's ``text``; the failed links check, ``content.links``.
"""

import math
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from content import readability
from content.leaflet import leaflet_paragraphs
from safeguarding_site.directory.phone_links import numbers_in_text
from safeguarding_site.links.models import CheckedLink

ERROR = "error"
ADVICE = "advice"

WORDS_PER_MINUTE = 200
# UK reading age = Flesch-Kincaid grade + 5. The grade is a US school grade, and US children are
# about grade + 5 years old in it (typical ages at the end of the school year: 1st grade 6-7,
# 5th grade 10-11; https://www.altiusdirectory.com/Society/us-school-grades.php). So the site's
# limit of grade 5 (content/readability.py) is a reading age of 10.
READING_AGE_OFFSET = 5
MAX_READING_AGE = readability.MAX_GRADE + READING_AGE_OFFSET
LONG_WORD_SYLLABLES = 4
LONG_WORD_LETTERS = 12
LONG_WORDS_SHOWN = 5

# Link text that does not say where the link goes (WCAG 2.2, 2.4.4 Link Purpose).
VAGUE_LINK_TEXT = {
    "click here", "click", "here", "read more", "more", "find out more", "this link", "link", "this page",
    "click this link", "go here", "see here", "more information", "more info",
}  # fmt: skip
BARE_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
HEADING = re.compile(r"^h([1-6])$")
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "caption", "blockquote", "pre", "div", "section", "article", "aside"}
BLOCKS |= {f"h{level}" for level in range(1, 7)}


@dataclass
class Finding:
    """One thing to look at: what it is, the words it is about, how serious, why, and what to do."""

    check: str
    severity: str  # ERROR or ADVICE
    where: str  # the sentence, link text, heading, image or table it is about
    explanation: str
    action: str

    @property
    def is_error(self):
        return self.severity == ERROR


@dataclass
class Link:
    href: str
    text: str
    cms_href: str = ""  # djangocms-text's link to a page picked from the site: "cms.page:<id>"
    where: str = ""


class Parsed(HTMLParser):
    """What the checks read from a piece of HTML: its text by block, headings, links, images and tables."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.blocks = [[]]  # words of each paragraph, list item, heading...
        self.headings = []  # (level, text, inside <main>)
        self.links = []
        self.images = []  # (src, alt or None)
        self.tables = []  # [header cells, text]
        self.open_heading = None
        self.open_link = None
        self.open_tables = []
        self.main_depth = 0
        self.feed(markup or "")
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS or tag == "br":
            self.blocks.append([])
        if tag == "main":
            self.main_depth += 1
        if HEADING.match(tag):
            self.open_heading = (int(tag[1]), [])
        elif tag == "a":
            self.open_link = Link(attrs.get("href") or "", "", attrs.get("data-cms-href") or "")
            self.link_words = []
            self.link_label = attrs.get("aria-label") or ""
        elif tag == "img":
            self.images.append((attrs.get("src") or "", attrs.get("alt")))
            if self.open_link is not None and attrs.get("alt"):
                self.link_words.append(attrs["alt"])
        elif tag == "table":
            self.open_tables.append([0, []])
        elif tag == "th" and self.open_tables:
            self.open_tables[-1][0] += 1

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.blocks.append([])
        if tag == "main":
            self.main_depth -= 1
        if HEADING.match(tag) and self.open_heading is not None:
            level, words = self.open_heading
            self.headings.append((level, normalise(" ".join(words)), self.main_depth > 0))
            self.open_heading = None
        elif tag == "a" and self.open_link is not None:
            self.open_link.text = normalise(self.link_label or " ".join(self.link_words))
            self.links.append(self.open_link)
            self.open_link = None
        elif tag == "table" and self.open_tables:
            self.tables.append(self.open_tables.pop())

    def handle_data(self, data):
        self.blocks[-1].append(data)
        if self.open_heading is not None:
            self.open_heading[1].append(data)
        if self.open_link is not None:
            self.link_words.append(data)
        if self.open_tables:
            self.open_tables[-1][1].append(data)

    @cached_property
    def paragraphs(self):
        """Each block's text (headings included), in order."""
        return [text for text in (normalise(" ".join(words)) for words in self.blocks) if text]


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Piece:
    """Words an editor wrote, as HTML, and where visitors see them."""

    label: str  # where it is, in the editor's words: "Text 2", "Step 3 (Do this now)"
    html: str
    # The heading level its first heading follows: 1 under a page's title, 2 in a step (under its
    # stage's heading); None continues from the piece before.
    follows_level: int | None = None
    prose: bool = True  # False: a heading the site makes (a card's), in the outline but not read for level

    @cached_property
    def parsed(self):
        parsed = Parsed(self.html)
        for link in parsed.links:
            link.where = self.label
        return parsed

    @property
    def text(self):
        """Its plain text, a line per paragraph (what a phone number check reads)."""
        return "\n".join(self.parsed.paragraphs)


@dataclass
class Content:
    """What visitors read of one page, situation or service, and where an editor changes it."""

    kind: str  # "page", "situation" or "service"
    title: str
    pieces: list = field(default_factory=list)
    edit_url: str = ""
    public_url: str = ""
    page_html: str | None = None  # the whole public page, when it was rendered
    other_links: list = field(default_factory=list)  # links the site makes from fields: a service's web addresses
    language: str = settings.LANGUAGE_CODE

    @property
    def links(self):
        """Every link in it: the pieces' and the other links (what a link checker reads)."""
        return [link for piece in self.pieces for link in piece.parsed.links] + list(self.other_links)

    @cached_property
    def page(self):
        return Parsed(self.page_html) if self.page_html is not None else None

    @cached_property
    def reading(self):
        """content/readability.py's measure of its own words (read once, for every check that needs it)."""
        return readability.measure(reading_text(self))


@dataclass
class Report:
    """The findings and figures for one page, situation or service."""

    kind: str
    title: str
    edit_url: str
    public_url: str
    findings: list
    words: int
    reading_minutes: int
    reading_age: float | None  # None when it has no prose of its own (only the leaflet's words, or none)
    longest_words: list = field(default_factory=list)

    @property
    def errors(self):
        return [finding for finding in self.findings if finding.is_error]

    @property
    def advice(self):
        return [finding for finding in self.findings if not finding.is_error]


@cache
def leaflet():
    """The leaflet's own paragraphs: they stay word for word (content rules), so they are not graded."""
    return frozenset(leaflet_paragraphs())


def reading_text(content):
    """readability's Text of a content's own words: paragraphs graded together, headings for length only."""
    text = readability.Text(content.kind, content.title, content.title, short=[content.title])
    for piece in content.pieces:
        if not piece.prose:
            continue
        headings = {heading for _level, heading, _main in piece.parsed.headings}
        for paragraph in piece.parsed.paragraphs:
            if paragraph in headings:
                text.short.append(paragraph)
            elif readability.normalise(paragraph) in leaflet():
                text.leaflet += 1
            else:
                text.prose.append(paragraph)
    return text


def measured(content):
    return content.reading


def reading_age(grade):
    return None if grade is None else round(grade + READING_AGE_OFFSET, 1)


# ---- the checks ------------------------------------------------------------------------------


def hard_to_read(content):
    result = measured(content)
    if not result.too_hard:
        return []
    sentences = [sentence for paragraph in result.text.prose for sentence in readability.sentences(paragraph)]
    hardest = max(sentences, key=readability.TEXTSTAT.flesch_kincaid_grade)
    return [
        Finding(
            "Reading age",
            ADVICE,
            hardest,
            f"These words need a reading age of about {reading_age(result.grade):g}. Aim for "
            f"{MAX_READING_AGE:g} or under: many parents read this when worried, on a phone.",
            "Use shorter sentences and everyday words. Put the action first. The hardest sentence is shown.",
        )
    ]


def long_sentences(content):
    return [
        Finding(
            "Long sentence",
            ADVICE,
            sentence,
            f"This sentence has {words} words. Sentences over {readability.MAX_WORDS} words are hard to follow.",
            "Split it into two or more sentences.",
        )
        for words, sentence in measured(content).long_sentences
    ]


def longest_words(content):
    """Its longest words, listed with the reading age: most are needed ("emergency", a name), so not a finding."""
    found = {}
    for paragraph in content.reading.text.prose:
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]", paragraph):
            if len(word) > LONG_WORD_LETTERS or readability.TEXTSTAT.syllable_count(word) >= LONG_WORD_SYLLABLES:
                found.setdefault(word.lower(), word)
    return sorted(found.values(), key=lambda word: (-len(word), word.lower()))[:LONG_WORDS_SHOWN]


def outline(content):
    """The pieces' headings in order: (level, text, the level it must not go more than one below)."""
    previous = 1
    for piece in content.pieces:
        if piece.follows_level is not None:
            previous = piece.follows_level
        for level, text, _main in piece.parsed.headings:
            yield level, text, previous
            previous = level


def skipped(level, text, previous):
    return Finding(
        "Skipped heading level",
        ERROR,
        text,
        f"This is a level {level} heading after a level {previous} heading. People using screen readers move "
        "through a page by its headings, and a skipped level makes it look as if something is missing.",
        f"Make it a level {previous + 1} heading (“Heading {previous + 1}” in the editor), or fix the heading above.",
    )


def heading_order(content):
    findings = [skipped(level, text, previous) for level, text, previous in outline(content) if level > previous + 1]
    if content.page is not None:
        main = [(level, text) for level, text, inside in content.page.headings if inside]
        previous = 1
        for level, text in main or [(level, text) for level, text, _inside in content.page.headings]:
            if level > previous + 1:
                findings.append(skipped(level, text, previous))
            previous = level
    return findings


def main_heading(content):
    """No level 1 heading in what editors write (the title is the page's); exactly one on the whole page."""
    findings = [
        Finding(
            "Second main heading",
            ERROR,
            text,
            "The title is already the page's main heading (level 1). A page should have only one.",
            "Make this a level 2 heading (“Heading 2” in the editor).",
        )
        for piece in content.pieces
        for level, text, _main in piece.parsed.headings
        if level == 1
    ]
    if content.page is not None:
        count = sum(level == 1 for level, _text, _main in content.page.headings)
        if count != 1 and not findings:
            findings.append(
                Finding(
                    "Main heading",
                    ERROR,
                    content.title,
                    f"The page shown to visitors has {count} main headings (level 1); it should have exactly one.",
                    "Make sure the title is the only level 1 heading. Ask your web team if it is not in the text.",
                )
            )
    return findings


def link_text(content):
    findings = []
    for piece in content.pieces:
        for link in piece.parsed.links:
            words = link.text.lower().strip(" .:!»›>")
            if not words:
                findings.append(
                    Finding(
                        "Link without words",
                        ERROR,
                        link.href or link.cms_href,
                        "This link has no words, so a screen reader cannot say where it goes.",
                        "Give the link words that say where it goes, or remove it.",
                    )
                )
            elif words in VAGUE_LINK_TEXT:
                findings.append(
                    Finding(
                        "Unclear link",
                        ERROR,
                        link.text,
                        f"“{link.text}” does not say where the link goes. People using screen readers often "
                        "hear a list of a page's links on their own.",
                        "Make the link's words say where it goes, e.g. “contact the NSPCC helpline”.",
                    )
                )
            elif BARE_ADDRESS.match(link.text):
                findings.append(
                    Finding(
                        "Web address as link",
                        ADVICE,
                        link.text,
                        "A web address is hard to read, and screen readers read it out letter by letter.",
                        "Use words that say where the link goes, e.g. “the NSPCC's advice on grooming”.",
                    )
                )
    return findings


def image_descriptions(content):
    return [
        Finding(
            "Image without a description",
            ERROR,
            src or "an image",
            "This image has no alternative text, so people who cannot see it are not told what it shows.",
            "Add a short description of what the image shows. If it is only decoration, mark it as decorative.",
        )
        for piece in content.pieces
        for src, alt in piece.parsed.images
        if alt is None
    ]


def table_headers(content):
    return [
        Finding(
            "Table without headings",
            ERROR,
            normalise(" ".join(words))[:80] or "a table",
            "This table has no header cells, so screen readers cannot say which column or row a value is in.",
            "Mark the first row (or column) as the table's header in the editor's table settings.",
        )
        for piece in content.pieces
        for headers, words in piece.parsed.tables
        if not headers
    ]


def internal_links(content):
    findings = []
    for link in (link for piece in content.pieces for link in piece.parsed.links):
        problem = internal_link_problem(link, content.language)
        if problem:
            findings.append(
                Finding(
                    "Link to a page visitors cannot see",
                    ERROR,
                    f"{link.text} ({link.href or link.cms_href})",
                    problem,
                    "Link to a published page instead, publish the page it goes to, or remove the link.",
                )
            )
    return findings


def phone_numbers(content):
    """Numbers libphonenumber does not know as UK numbers or short codes (directory/phone_links.py)."""
    return [
        Finding(
            "Phone number that will not work",
            ERROR,
            f"{found.text} ({piece.label})",
            found.why,
            "Check the number against the organisation's own website and type it again.",
        )
        for piece in content.pieces
        for found in numbers_in_text(piece.text)
        if not found.valid
    ]


def failed_external_links(content):
    """Links whose last check by `manage.py check_links` failed (links/checker.py)."""
    hrefs = {link.href: link for link in content.links if link.href.startswith(("http://", "https://"))}
    broken = CheckedLink.objects.filter(url__in=hrefs, result=CheckedLink.BROKEN)
    return [
        Finding(
            "Link that did not work",
            ERROR,
            f"{hrefs[record.url].text or record.url} ({record.url})",
            f"When it was last checked, on {date_format(localtime(record.checked_at), 'j F Y')}, it failed: "
            f"{record.problem}.",
            "Open the link to see if it works now. If not, find the page's new address or remove the link.",
        )
        for record in broken
    ]


# A new check: a function taking a Content and returning Findings, and a line here.
CHECKS = [
    hard_to_read,
    long_sentences,
    heading_order,
    main_heading,
    link_text,
    image_descriptions,
    table_headers,
    internal_links,
    phone_numbers,
    failed_external_links,
]


def check(content, checks=None):
    """Every check's findings for one page, situation or service, with its figures."""
    findings = []
    for each in CHECKS if checks is None else checks:
        for finding in each(content):
            if finding not in findings:  # a heading skipped in the text is skipped on the page too
                findings.append(finding)
    words = sum(readability.word_count(piece.text) for piece in content.pieces if piece.prose)
    return Report(
        kind=content.kind,
        title=content.title,
        edit_url=content.edit_url,
        public_url=content.public_url,
        findings=findings,
        words=words,
        reading_minutes=math.ceil(words / WORDS_PER_MINUTE),
        reading_age=reading_age(measured(content).grade),
        longest_words=longest_words(content),
    )


# ---- internal links ------------------------------------------------------------------------------


def own_hosts():
    from django.contrib.sites.models import Site

    hosts = {host.lstrip(".").lower() for host in settings.ALLOWED_HOSTS if host not in ("*", "")}
    return hosts | {Site.objects.get_current().domain.lower()}


def page_state(page, language):
    """The page's state for visitors: published, draft (never published), unpublished or deleted.

    Read through djangocms-versioning's managers: ``objects`` holds published versions only.
    """
    from cms.models import PageContent
    from djangocms_versioning.constants import UNPUBLISHED

    if page is None:
        return "deleted"
    if PageContent.objects.filter(page=page, language=language).exists():  # the published manager
        return "published"
    states = set(
        PageContent.admin_manager.filter(page=page, language=language).values_list("versions__state", flat=True)
    )
    if not states:
        return "deleted"
    return "unpublished" if UNPUBLISHED in states else "draft"


STATE_PROBLEMS = {
    "draft": "This link goes to a page that is only a draft: visitors get “page not found”.",
    "unpublished": "This link goes to a page that has been unpublished: visitors get “page not found”.",
    "deleted": "This link goes to a page that has been deleted or does not exist: visitors get “page not found”.",
}

# Apps' pages for one entry, by URL name: the model and the argument naming it.
APP_ENTRIES = {
    "guidance:situation": ("directory.Situation", "slug"),
    "directory:service": ("directory.Service", "slug"),
    "directory:situation": ("directory.Situation", "slug"),  # the directory narrowed to one situation
}


def unpublished_page_at(path, language):
    """The page a draft or unpublished version would put at ``path``, if any.

    django CMS 5.1 keeps its routing table (PageUrl) for published content only; the slug
    and overwrite URL of every version are on PageContent.
    """
    from cms.models import PageContent

    slug = path.rsplit("/", 1)[-1]
    candidates = PageContent.admin_manager.filter(language=language, page__site_id=settings.SITE_ID)
    for content in candidates.filter(Q(slug=slug) | Q(overwrite_url__in=[path, f"/{path}/", f"/{path}"])):
        if content.page.get_url_data(content.slug, content.overwrite_url, language)["path"] == path:
            return content.page
    return None


def internal_link_problem(link, language):
    """Why visitors could not follow a link to this site, or "" (for an external or working link)."""
    from cms.models import Page, PageUrl
    from django.apps import apps
    from django.contrib.sites.models import Site

    if link.cms_href.startswith("cms.page:"):
        try:
            page = Page.objects.filter(pk=int(link.cms_href.removeprefix("cms.page:"))).first()
        except ValueError:
            page = None
        return STATE_PROBLEMS.get(page_state(page, language), "")
    parts = urlsplit(link.href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc.lower() not in own_hosts()):
        return ""
    if not parts.path or not parts.path.startswith("/"):
        return ""  # "#section", or a relative address (djangocms-text writes paths from the root)
    path = parts.path.strip("/")
    url = PageUrl.objects.get_for_site(Site.objects.get_current()).filter(path=path).select_related("page").first()
    if url is not None:
        return STATE_PROBLEMS.get(page_state(url.page, language), "")
    page = unpublished_page_at(path, language)
    if page is not None:
        return STATE_PROBLEMS.get(page_state(page, language), "")
    try:
        match = resolve(parts.path)
    except Resolver404:
        return STATE_PROBLEMS["deleted"]
    if match.view_name in APP_ENTRIES:
        model, argument = APP_ENTRIES[match.view_name]
        if not apps.get_model(model).objects.filter(**{argument: match.kwargs.get(argument)}).exists():
            return STATE_PROBLEMS["deleted"]
        return ""
    if match.url_name in ("pages-details-by-slug", "pages-root"):
        return STATE_PROBLEMS["deleted"]  # django CMS's catch-all: no page has this address
    return ""


# ---- what the checks read --------------------------------------------------------------------


def page_content(content, page_html=None):
    """A page content version (draft or published): its text plugins' bodies, in order, and cards' headings."""
    from cms.toolbar.utils import get_object_edit_url

    pieces = []
    for placeholder in content.get_placeholders():
        for plugin in placeholder.get_plugins(content.language):
            bound = plugin.get_bound_plugin()
            body = getattr(bound, "body", None)
            if isinstance(body, str):
                label = f"{plugin.get_plugin_name()} {len(pieces) + 1}"
                pieces.append(Piece(label, body, follows_level=1 if not pieces else None))
            elif getattr(bound, "heading_level", None):  # a card: the site writes its heading
                level = bound.heading_level
                pieces.append(
                    Piece(str(plugin.get_plugin_name()), f"<h{level}>{escape(str(bound))}</h{level}>", prose=False)
                )
    return Content(
        kind="page",
        title=content.title,
        pieces=pieces,
        edit_url=get_object_edit_url(content),
        public_url=content.page.get_absolute_url(content.language) or "",
        page_html=page_html,
        language=content.language,
    )


def situation_content(situation, steps=None, page_html=None):
    """A situation's title, summary and "What should I do?" steps (``steps``: a draft's, else its own)."""
    from safeguarding_site.guidance.models import GuideStep

    steps = list(situation.steps.all()) if steps is None and situation.pk else list(steps or [])
    steps.sort(key=lambda step: (GuideStep.STAGE_ORDER.get(step.stage, 9), step.position))
    pieces = [Piece("Summary", paragraphs(situation.summary))] if situation.summary else []
    pieces += [
        Piece(f"Step {number} ({step.get_stage_display()})", step.body, follows_level=2)
        for number, step in enumerate(steps, 1)
    ]
    return Content(
        kind="situation",
        title=situation.title,
        pieces=pieces,
        edit_url=admin_url(situation),
        public_url=reverse_or_blank("guidance:situation", situation.slug),
        page_html=page_html,
    )


SERVICE_FIELDS = readability.SERVICE_FIELDS


def service_content(service, contact_methods=None, page_html=None):
    """A service's descriptions (plain text), and its web addresses for a link checker."""
    from safeguarding_site.directory.models import ContactMethod, Service

    methods = list(service.contact_methods.all()) if contact_methods is None and service.pk else contact_methods or []
    pieces = [
        Piece(str(Service._meta.get_field(name).verbose_name).capitalize(), paragraphs(value))
        for name in SERVICE_FIELDS
        if (value := getattr(service, name))
    ]
    links = [
        Link(method.value, method.label or method.display_value, where=method.get_kind_display())
        for method in methods
        if method.kind in ContactMethod.LINK_KINDS
    ]
    if service.source_url:
        links.append(Link(service.source_url, service.source_name, where="Source address"))
    return Content(
        kind="service",
        title=service.name,
        pieces=pieces,
        edit_url=admin_url(service),
        public_url=service.get_absolute_url() if service.pk else "",
        page_html=page_html,
        other_links=links,
    )


def paragraphs(text):
    """Plain text as HTML paragraphs, a paragraph a line (how the service page shows it)."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def directory_draft_content(draft):
    """A draft of a situation or service (directory/drafts.py), as it would be published."""
    from safeguarding_site.directory import drafts
    from safeguarding_site.directory.models import ContactMethod, Service

    entry = drafts.build(draft.data["object"])
    related = [drafts.build(item) for relation in draft.data["related"] for item in relation["objects"]]
    if isinstance(entry, Service):
        content = service_content(entry, [obj for obj in related if isinstance(obj, ContactMethod)])
    else:
        from safeguarding_site.guidance.models import GuideStep

        content = situation_content(entry, [obj for obj in related if isinstance(obj, GuideStep)])
    content.edit_url = admin_url(drafts.entry_model(draft), draft.object_id) if draft.object_id else ""
    return content


def admin_url(obj, object_id=None):
    meta = obj._meta
    object_id = object_id if object_id is not None else obj.pk
    if object_id is None:
        return ""
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[object_id])


def reverse_or_blank(name, slug):
    try:
        return reverse(name, kwargs={"slug": slug})
    except NoReverseMatch:  # its app's page is not published
        return ""


def published_contents(render=None):
    """Every published page, situation and service; ``render(url)`` gives a public page's HTML, or None."""
    from cms.models import PageContent

    from safeguarding_site.directory.models import Service, Situation

    def html(url):
        return render(url) if render is not None and url else None

    contents = []
    pages = PageContent.objects.filter(language=settings.LANGUAGE_CODE, page__site_id=settings.SITE_ID)
    for content in pages.select_related("page").order_by("page__path"):
        url = content.page.get_absolute_url(content.language)
        contents.append(page_content(content, page_html=html(url)))
    for situation in Situation.objects.prefetch_related("steps"):
        contents.append(situation_content(situation))
        contents[-1].page_html = html(contents[-1].public_url)
    for service in Service.objects.prefetch_related("contact_methods"):
        contents.append(service_content(service))
        contents[-1].page_html = html(contents[-1].public_url)
    return contents
