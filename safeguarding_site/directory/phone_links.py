"""Phone numbers in editors' running text, made into tap-to-call links when the page is rendered.

Steps on "What should I do?" pages and the guide's update notes are HTML that
editors write ("Call <strong>999</strong> now"). ``link_phone_numbers`` finds
number-shaped runs in the text between tags (never inside a tag, an attribute
or an existing link), asks ``phone.normalise`` whether each is a UK number or
short code the directory would accept, and wraps those that are in the same
link the service cards use. The link text is the number exactly as written.

Conservative on purpose: a run must stand on its own (not part of a word, an
amount, a decimal, a date like 12/03/2024 or a range like 101-105), groups after
the first have at least three digits ("0800 1111 24 hours" links "0800 1111"),
and a number right after a word such as "section" or "page" is a reference,
not a number to call. Years and dates never pass ``phone.normalise``.
"""

import functools
import html
import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

from . import phone

# Between the groups of a number: a space, a no-break space (&nbsp;) or a narrow one.
_GAP = "[ \u00a0\u202f]"
_NUMBER_SHAPED = re.compile(
    r"(?<![\w£$€#%+.,:/\-–—])"  # not the end of a word, an amount, a decimal, a date or a range
    rf"(?:\+44{_GAP}?)?\d+(?:{_GAP}\d+)*"
    r"(?![\w%£$€])(?![.,:/\-–—]\d)"  # nor the start of one
)
_GROUP = re.compile(r"\+44|\d+")
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


def phone_link(number_text, context=""):
    """The link for a number written as ``number_text`` (unescaped text), or None if it is not a UK number.

    ``context`` is the text just before it, which decides between a call and a text message.
    """
    try:
        stored = phone.normalise(number_text)
    except ValidationError:
        return None
    href = phone.tel_href(stored)
    if _TEXT_BEFORE.search(context):
        href = "sms:" + href.removeprefix("tel:")
    return f'<a href="{href}" class="{LINK_CLASS}">{html.escape(number_text, quote=False)}</a>'


def link_numbers_in_text(text, context=""):
    """Plain (unescaped) ``text`` as escaped HTML, its UK phone numbers as links."""
    out = []
    done = 0
    for run in _NUMBER_SHAPED.finditer(text):
        before = (context + text[: run.start()])[-_CONTEXT_CHARACTERS:]
        if _REFERENCE_BEFORE.search(before):
            continue
        found = _longest_number(run.group(), before)
        if found is None:
            continue
        length, link = found
        out.append(html.escape(text[done : run.start()], quote=False))
        out.append(link)
        done = run.start() + length
    out.append(html.escape(text[done:], quote=False))
    return "".join(out)


def _longest_number(run, context=""):
    """(length, link) for the longest run of whole groups from the start of ``run`` that is a UK number.

    Groups after the first need three digits or more: "0800 1111 24" is
    "0800 1111" followed by something else, not the valid "0800 111124".
    """
    groups = list(_GROUP.finditer(run))
    if groups[0].group() == "+44":  # "+44 808 800 5000": the area code is the first group
        groups = groups[1:]
        if not groups:
            return None
    last = 1
    while last < len(groups) and len(groups[last].group()) >= 3:
        last += 1
    for count in range(last, 0, -1):
        length = groups[count - 1].end()
        link = phone_link(run[:length], context)
        if link is not None:
            return length, link
    return None


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
