"""Phone numbers in editors' running text, made into tap-to-call links when the page is rendered.

Steps on "What should I do?" pages and the guide's update notes are HTML that
editors write ("Call <strong>999</strong> now"). ``link_phone_numbers`` finds
numbers in the text between tags (never inside a tag, an attribute or an
existing link) and wraps those ``phone.normalise`` accepts in the same link the
service cards use. The link text is the number exactly as written.
``numbers_in_text`` reports every number found, with why a wrong one is wrong.

Numbers written in full (0..., +...) are found by libphonenumber's
``PhoneNumberMatcher``; short codes, which it does not look for, by a pattern
that only counts the site's own codes. A number must stand on its own (not
part of a word, an amount, a decimal, a date or a range like 101-105), and one
right after a word such as "section" or "page" is a reference, not a number to call.
"""

import functools
import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

from django.core.exceptions import ValidationError
from phonenumbers import Leniency, PhoneNumberMatcher

from . import phone

# Between the groups of a number: a space, a no-break space (&nbsp;) or a narrow one.
_GAP = "[ \u00a0\u202f]"
_NOT_AFTER = re.compile(r"[\w£$€#%+.,:/\-–—]$")  # the end of a word, an amount, a decimal, a date or a range
_NOT_BEFORE = re.compile(r"[\w%£$€]|[.,:/\-–—]\d")  # nor the start of one
# Short codes and Relay UK: "999", "18000", "116 123", "18001 101".
_SHORT_SHAPED = re.compile(rf"(?:{phone.RELAY_PREFIX}{_GAP})?(?:{phone.HARMONISED_PREFIX}{_GAP}\d{{3}}|\d{{3,6}})")
_RELAY_BEFORE = re.compile(rf"{phone.RELAY_PREFIX}{_GAP}$")
# What the matcher reads as numbers but is written as a date, a time or a decimal here: "01.02.2024", "10:30".
_DATE_OR_DECIMAL = re.compile(r"[./:]")
_GROUP = re.compile(r"\S+")
_MORE_GROUPS = re.compile(rf"(?:{_GAP}\d+)*")
# A number straight after one of these words is a reference: "section 101", "page 999", "PO Box 111".
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:(?:sub)?sections?|parts?|chapters?|paragraphs?|pages?|clauses?|articles?|schedules?|regulations?|rules?"
    r"|rooms?|items?|figures?|tables?|steps?|versions?|volumes?|issues?|flats?|house|units?|routes?|box|forms?"
    r"|reference|annex|appendix)|\b(?:s|ss|p|pp|no|nos|para|paras|fig|figs|vol|reg|regs|ref|art)\.|§)"
    rf"{_GAP}*$",
    re.IGNORECASE,
)
# "text 999", "text 'register' to 999": a text message, as the directory's SMS contact methods are.
_TEXT_BEFORE = re.compile(r"\b(?:text|texting)\b(?:(?!\b(?:call|ring|phone|dial)\b)[^.!?])*$", re.IGNORECASE)
_ANY_NUMBER = re.compile(r"\d{3}")  # every number phone.py accepts has three digits in a row


class FoundNumber(NamedTuple):
    text: str  # the number as written, e.g. "0800 555 11"
    valid: bool  # a valid UK number, a known short code, or a Relay UK number
    why: str  # "" when valid; otherwise a plain sentence for an editor


class _Found(NamedTuple):
    start: int
    end: int
    number: FoundNumber
    stored: str  # phone.normalise's form when valid, else ""


def numbers_in_text(text: str) -> list[FoundNumber]:
    """Every phone-number-shaped run in plain text (no HTML), in order, with whether the site can link it."""
    return [found.number for found in _find(text)]


def _find(text, context=""):
    """Each number in ``text`` in order; ``context`` is the text just before it (for "section 101")."""
    found = [*_full_numbers(text)]
    for run in _SHORT_SHAPED.finditer(text):
        if any(run.start() < other.end and other.start < run.end() for other in found):
            continue
        number, stored = _check(run.group())
        # Other short runs are counts and years ("100 people", "since 2011"): only Relay UK's look like numbers.
        if number.valid or number.text.startswith(phone.RELAY_PREFIX):
            found.append(_Found(run.start(), run.end(), number, stored))
    return sorted(
        (
            one
            for one in found
            if not _NOT_AFTER.search(text[: one.start])
            and not _NOT_BEFORE.match(text, one.end)
            and not _REFERENCE_BEFORE.search((context + text[: one.start])[-_CONTEXT_CHARACTERS:])
        ),
        key=lambda one: one.start,
    )


def _full_numbers(text):
    """Numbers written in full, starting where libphonenumber finds them, wrong ones too."""
    end = 0
    for match in PhoneNumberMatcher(text, phone.REGION, leniency=Leniency.POSSIBLE):
        start, written = match.start, match.raw_string
        if written.startswith("(") and ")" not in written:  # "(0808 800 5000)"
            start, written = start + 1, written[1:]
        # Counts, years and dates are not written starting 0 or +; nor are the rest of a number already found.
        if start < end or not written.startswith(("0", "+")) or _DATE_OR_DECIMAL.search(written):
            continue
        # The matcher splits a run it cannot read whole ("0808 800 5000 1234"): take the whole run.
        written = _whole_number(text[start : _MORE_GROUPS.match(text, start + len(written)).end()])
        relay = _RELAY_BEFORE.search(text, 0, start)
        if relay:
            written = relay.group() + written
            start = relay.start()
        end = start + len(written)
        yield _Found(start, end, *_check(written))


def _whole_number(written):
    """The longest valid run of whole groups from the start, else up to the first short group.

    Groups after the area code need three digits or more: "0800 1111 24" is
    "0800 1111" followed by something else, not the valid "0800 111124".
    """
    if not written.startswith(("0", "+44")):
        return written
    groups = list(_GROUP.finditer(written))
    first = 2 if written.startswith("+") else 1  # "+44 20 7946 0000": "20" is the area code
    short = next((i for i in range(first, len(groups)) if sum(c.isdigit() for c in groups[i].group()) < 3), None)
    for count in range(short or len(groups), 0, -1):
        if _check(written[: groups[count - 1].end()])[0].valid:
            return written[: groups[count - 1].end()]
    return written if short is None else written[: groups[short].end()]


@functools.lru_cache(maxsize=4096)
def _check(written):
    """(FoundNumber, stored) for a number as written."""
    try:
        return FoundNumber(written, True, ""), phone.normalise(written)
    except ValidationError as error:
        return FoundNumber(written, False, error.params["why"]), ""


# Text inside these is never linked: links, controls, code, and what is not text.
_NOT_LINKED = frozenset(
    {"a", "button", "label", "select", "option", "textarea", "code", "kbd", "samp", "pre",
     "script", "style", "title", "svg", "math", "template", "iframe", "object"}
)  # fmt: skip
# Script and style content reaches handle_data as written (not unescaped): written back as is.
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
# The words before a number that count as its context run on across inline tags
# ("text <strong>999</strong>") but not into the next paragraph or list item.
_BLOCKS = frozenset(
    {"p", "li", "ul", "ol", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
     "blockquote", "section", "article", "aside", "dl", "dt", "dd", "hr", "figure", "figcaption"}
)  # fmt: skip
_CONTEXT_CHARACTERS = 80
LINK_CLASS = "contact-method__number"  # as on the service cards (includes/_contact_methods.html)


@functools.lru_cache(maxsize=1024)
def link_phone_numbers(markup):
    """``markup`` (trusted HTML, as editors' rich text is) with its UK phone numbers as links."""
    if not markup or not _ANY_NUMBER.search(markup):
        return markup
    linker = _Linker()
    linker.feed(markup)
    linker.close()
    return "".join(linker.out)


def link_numbers_in_text(text, context=""):
    """Plain (unescaped) ``text`` as escaped HTML, its UK phone numbers as links.

    ``context`` is the text just before, which also decides between a call and a text message.
    """
    out = []
    done = 0
    for found in _find(text, context):
        if not found.number.valid:
            continue
        href = phone.tel_href(found.stored)
        if _TEXT_BEFORE.search((context + text[: found.start])[-_CONTEXT_CHARACTERS:]):
            href = "sms:" + href.removeprefix("tel:")
        out.append(html.escape(text[done : found.start], quote=False))
        out.append(f'<a href="{href}" class="{LINK_CLASS}">{html.escape(found.number.text, quote=False)}</a>')
        done = found.end
    out.append(html.escape(text[done:], quote=False))
    return "".join(out)


class _Linker(HTMLParser):
    """Writes the markup back as it came, with numbers in text nodes linked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # text arrives unescaped and whole, "&nbsp;" included
        self.out = []
        self.not_linked = 0  # depth inside elements whose text is never linked
        self.context = ""  # the text just before, in this block

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in _NOT_LINKED:
            self.not_linked += 1
        if tag in _BLOCKS:
            self.context = ""

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in _BLOCKS:
            self.context = ""

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in _NOT_LINKED and self.not_linked:
            self.not_linked -= 1
        if tag in _BLOCKS:
            self.context = ""

    def handle_data(self, data):
        if self.cdata_elem in _RAW_TEXT:  # script or style: not unescaped by the parser, so not escaped here
            self.out.append(data)
            return
        if self.not_linked:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(link_numbers_in_text(data, self.context))
        self.context = (self.context + data)[-_CONTEXT_CHARACTERS:]

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")
