import re

from django.core.exceptions import ValidationError
from django.db import models

# One word: letters or numbers, with an apostrophe or hyphen inside ("someone's", "step-dad").
ONE_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def split_words(text):
    """The entries of a comma-separated list, trimmed, empty ones left out."""
    return [word.strip() for word in (text or "").split(",") if word.strip()]


class Synonym(models.Model):
    """Words that mean the same to someone searching: a search for any one of them finds the others.

    Searches already find other forms of a word (abuse, abused, abusing), so a
    row lists different words, e.g. "paedophile, offender". Publishers keep the
    list (editors/roles.py): it changes what every visitor's search finds.
    """

    words = models.CharField(
        "words",
        max_length=300,
        unique=True,
        help_text=(
            "Two or more single words that mean the same, separated by commas, e.g. “paedophile, offender”. "
            "A search for one finds pages with any of them. "
            "Other forms of a word are found already: “abuse” finds “abused” and “abusing”."
        ),
    )

    class Meta:
        ordering = ["words"]
        verbose_name = "words that mean the same"
        verbose_name_plural = "words that mean the same"

    def __str__(self):
        return self.words

    def clean(self):
        super().clean()
        words = split_words(self.words)
        not_single = [word for word in words if not ONE_WORD.fullmatch(word)]
        if not_single:
            raise ValidationError(
                {"words": f"Use single words, separated by commas. Not a single word: “{not_single[0]}”."}
            )
        distinct = list(dict.fromkeys(word.lower() for word in words))
        if len(distinct) < 2:
            raise ValidationError({"words": "Write at least two different words, separated by commas."})
        self.words = ", ".join(distinct)
