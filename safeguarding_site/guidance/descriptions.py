"""A situation page's meta description (what a search engine shows under its title), as a sentence."""

import re

LEAD = "What to do, and who to contact"
# Titles are in the visitor's words ("I am worried about…"); the description speaks to them.
_TO_SECOND_PERSON = {
    "i": "you",
    "i’m": "you’re",
    "i'm": "you're",
    "am": "are",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
}
_WORD = re.compile(r"[A-Za-z]+(?:[’'][A-Za-z]+)?")
# A title starting with one of these reads on after "if": "if a child is…", "if something happened…".
_OPENINGS = frozenset({"i", "i’m", "i'm", "a", "an", "the", "my", "someone", "somebody", "something"})


def _second_person(match):
    word = match.group()
    return _TO_SECOND_PERSON.get(word.lower(), word)


def situation_description(title):
    """“What to do, and who to contact, if you are worried about…” from “I am worried about…”.

    A title in another form (a name first, a question) keeps its own words.
    """
    title = " ".join(title.split())
    first = _WORD.match(title)
    if first and first.group().lower() in _OPENINGS and not title.endswith("?"):
        words = _WORD.sub(_second_person, title.rstrip("."))
        if words[:1].isupper() and not words[1:2].isupper():  # "A child…", not "CEOP…"
            words = words[0].lower() + words[1:]
        return f"{LEAD}, if {words}."
    if title.endswith(("?", "!")):
        return f"{title} {LEAD}."
    return f"{title.rstrip('.')}: {LEAD[0].lower()}{LEAD[1:]}."
