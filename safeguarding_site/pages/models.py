from cms.models import CMSPlugin
from django.db import models
from django.db.models import Subquery
from djangocms_text.fields import HTMLField

from safeguarding_site.directory import phone
from safeguarding_site.directory.models import ContactMethod


class UpdateNote(CMSPlugin):
    """A clearly marked note that corrects or brings up to date the text before it.

    The leaflet predates 2011; rather than rewrite its words, the site keeps them
    and places one of these after each statement that is no longer true.
    """

    heading = models.CharField(max_length=120, default="Update")
    updated_on = models.DateField(help_text="When this note was last checked against its sources.")
    body = HTMLField(help_text="What has changed since the guide was written, with where to find out more.")

    def __str__(self):
        return f"{self.heading} ({self.updated_on:%d %B %Y})"


class EmergencyLine(models.Model):
    """The "call 999" line shown near the top of every page.

    There is one row, editable in the admin; it cannot be deleted, and if the
    row is ever missing the defaults below are shown, so no editing mistake can
    take the line off the site. The numbers themselves are fixed: editors
    change the wording around them. The NSPCC helpline's opening hours are its
    number's in the directory (``advice_contact``): edited there, shown here.
    """

    DEFAULT_DANGER_TEXT = "If a child is in immediate danger, call"
    DEFAULT_ADVICE_TEXT = "For advice about a child, call the NSPCC helpline on"
    EMERGENCY_NUMBER = "999"
    ADVICE_NUMBER = "0808 800 5000"

    danger_text = models.CharField(
        max_length=200,
        default=DEFAULT_DANGER_TEXT,
        help_text="Shown before the 999 link, e.g. “If a child is in immediate danger, call”.",
    )
    advice_text = models.CharField(
        max_length=200,
        default=DEFAULT_ADVICE_TEXT,
        help_text="Shown before the NSPCC helpline number (0808 800 5000).",
    )

    class Meta:
        verbose_name = "emergency line"
        verbose_name_plural = "emergency line"

    def __str__(self):
        return "Emergency line shown on every page"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def emergency_tel(self):
        return "tel:" + self.EMERGENCY_NUMBER

    @property
    def advice_tel(self):
        return "tel:+44" + self.ADVICE_NUMBER.replace(" ", "")[1:]

    advice_contact = None  # the helpline's number in the directory, with its hours (from_frame)

    @classmethod
    def frame_columns(cls):
        """{name: expression} for what every page's frame shows of the line, so any query can carry it.

        The wording, and the opening hours of the helpline's number in the
        directory: subqueries, each read once however many rows carry them.
        """
        line = cls.objects.filter(pk=1)
        return {**{name: Subquery(line.values(name)) for name in ("danger_text", "advice_text")}, **hours_columns()}

    @classmethod
    def from_frame(cls, values):
        """The line from the values of ``frame_columns``, in order; the defaults when its row is missing."""
        danger_text, advice_text, opening_hours, hours_notes = values
        line = cls() if danger_text is None else cls(danger_text=danger_text, advice_text=advice_text)
        line.advice_contact = ContactMethod(
            kind=ContactMethod.PHONE,
            value=phone.normalise(cls.ADVICE_NUMBER),
            opening_hours=opening_hours or {},
            hours_notes=hours_notes or "",
        )
        return line

    @classmethod
    def current(cls):
        """The line to show, never missing (falls back to the defaults).

        Read from the database, not kept in the shared cache: a cached copy of
        the line could be refilled with the old wording between an editor's
        save and its commit, then outlive it (and the mirror with it).
        """
        hours = hours_columns()
        row = cls.objects.filter(pk=1).annotate(**hours).values_list("danger_text", "advice_text", *hours).first()
        if row is None:  # the defaults, with the helpline's hours from the directory
            number = ContactMethod.objects.filter(kind=ContactMethod.PHONE, value=phone.normalise(cls.ADVICE_NUMBER))
            hours_row = number.order_by("pk").values_list("opening_hours", "hours_notes").first()
            row = (None, None, *(hours_row or (None, None)))
        return cls.from_frame(row)


def hours_columns():
    number = ContactMethod.objects.filter(kind=ContactMethod.PHONE, value=phone.normalise(EmergencyLine.ADVICE_NUMBER))
    number = number.order_by("pk")
    return {f"advice_{name}": Subquery(number.values(name)[:1]) for name in ("opening_hours", "hours_notes")}
