"""The leaflet's own words: its paragraphs as the site carries them, word for word.

``content/source/`` holds the Home Office guide unchanged; ``content/CHANGES.md``
lists the few changes made to it. A paragraph or list item of ``content/pages/``
whose text is one of ``leaflet_paragraphs()`` is the leaflet's, wherever it is
quoted; everything else there is the site's own.
"""

import re

from .loader import CONTENT_DIR

SOURCE = CONTENT_DIR / "source" / "keeping-children-safe-from-sex-offenders.txt"
# The leaflet's three section headings: the guide pages' titles (CHANGES.md, change 5).
HEADINGS = (
    "Who are child sex offenders and how do they operate?",
    "What specific information about child sex offenders do I have rights to?",
    "I have serious concerns about the behaviour of a particular individual. What should I do?",
)


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def leaflet_paragraphs():
    """The leaflet's paragraphs and list items, with the changes content/CHANGES.md lists applied.

    Each change here must be one that CHANGES.md records; a change to the words
    that is not listed makes tests/integration/test_guide_content.py fail.
    """
    blocks = [block.strip() for block in SOURCE.read_text(encoding="utf-8").split("\n\n")]
    paragraphs = []
    for block in blocks:
        # Changes 6 and 5: the title lines are not loaded; headings become page titles.
        if not block or block.startswith(("Sex offenders", "Taken from")) or block in HEADINGS:
            continue
        if "•" in block:
            intro, *bullets = block.split("•")
            if intro.strip():
                paragraphs.append(intro.strip())
            # Change 2: the run-together last bullet, split in two, the repeat dropped.
            last = bullets.pop().split("Stop it Now!It is important")[0] + "Stop it Now!"
            talk, contact = last.split(" Contact the police", 1)
            bullets += [talk, "Contact the police" + contact]
            # Change 4: the hyphen in the first bullet is an en dash.
            bullets[0] = bullets[0].replace("stopped - this", "stopped – this")
            paragraphs += [bullet.strip() for bullet in bullets]
            continue
        # Change 1: the garbled figure is dropped.
        paragraphs.append(block.replace("the vast majority (at least 7 per cent) of", "the vast majority of"))
    return [normalise(paragraph) for paragraph in paragraphs]
