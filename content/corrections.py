"""Corrections to the starting content, for sites that loaded it before it was corrected.

The loader never changes what it loaded before: an editor may have changed it.
A correction is the one exception, for a mistake in the starting content itself.
It changes a field only while the field still holds exactly the old starting
text (wherever that text is), so an editor's change is never overwritten. Each
change is a version in the entry's history (django-reversion), with a comment
saying what was corrected, so a publisher can see it and revert it. Where an
editor has changed the field and the mistake is still there, nothing is
changed: it is reported instead, by ``load_content`` and on the editors'
dashboard, for a person to correct. So are drafts waiting for a publisher that
still carry the mistake. Running again changes nothing.

``load_content`` applies them after loading, so `make run` and every deploy do
(a data migration could not: django-reversion records versions of the real
models, not a migration's historical ones, and a migration cannot report).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags

from safeguarding_site.directory.models import ContactMethod, DirectoryDraft, Service, Situation
from safeguarding_site.guidance.models import GuideStep

from .loader import loader_user, render_markdown

COMMENT_PREFIX = "Correction to the starting content: "

# Relay UK (textphone 18000) and texts to 999 are for deaf, hard of hearing or
# speech-impaired people: offered without saying so, a reader who cannot talk
# safely may take them as their way to get help.
_RELAY_OR_TEXT = re.compile(r"\b18000\b|\btext(?:s|ing)?\b[^.!?]*\b999\b", re.IGNORECASE)
_SAYS_WHO_FOR = re.compile(r"\bdeaf\b", re.IGNORECASE)


def offers_relay_or_text_to_anyone(html):
    """True if the text offers textphone 18000 or a text to 999 without saying they are for deaf people."""
    text = strip_tags(html)
    return bool(_RELAY_OR_TEXT.search(text)) and not _SAYS_WHO_FOR.search(text)


def label_says_who_for(label):
    return bool(_SAYS_WHO_FOR.search(label))


@dataclass(frozen=True)
class Fix:
    """One field of the entries ``model.objects.filter(**match)``: ``old`` becomes ``new``."""

    model: type
    match: dict
    field: str
    old: str
    new: str
    # True for a value that still carries the mistake (the old one does, the new one does not).
    mistaken: Callable[[str], bool]
    part: str  # which part of the entry, in the editors' words
    comment: str  # for the history: what was corrected
    advice: str  # what to do by hand

    def entries(self):
        return self.model.objects.filter(**self.match)


@dataclass(frozen=True)
class Report:
    """Something to correct by hand: where, and what to do."""

    entry: str
    part: str
    advice: str
    url: str
    draft: bool = False

    def __str__(self):
        where = f"A draft of “{self.entry}”, waiting for a publisher" if self.draft else f"“{self.entry}”"
        return f"{where}, {self.part}: {self.advice} ({self.url})"


SILENT_SOLUTION = (
    "tell someone who cannot talk safely to call 999, listen, cough or tap the phone if asked, "
    "and on a mobile press 55 when asked."
)

# 2026-11-30, issue 16: "If you cannot speak on the phone, use textphone 18000" sent
# someone who must keep quiet to the relay service for deaf and speech-impaired people.
# Sources: content/guidance.toml and content/directory.toml, beside each fact.
# The step as content/guidance.toml gave it (Markdown), and as it gives it now; the
# other old and new values are as content/directory.toml gave them and gives them.
OLD_STEP = (
    "If you cannot speak on the phone, use textphone **18000**. If you have registered your phone for "
    "emergency texts, you can text **999**. (To register, text “register” to 999.)"
)
NEW_STEP = (
    "If it is not safe to talk, still call **999** and listen. Whisper if you can. If asked, cough or tap "
    "the phone. On a mobile, press 55 when a recorded message asks you to. Then you go through to the "
    "police. If you do not press 55, the call may end. Pressing 55 does not tell the police where you "
    "are, so tell them if you can."
)
FIXES = [
    Fix(
        model=GuideStep,
        match={},
        field="body",
        old=render_markdown(OLD_STEP),
        new=render_markdown(NEW_STEP),
        mistaken=offers_relay_or_text_to_anyone,
        part="a step",
        comment="the step for when you cannot talk now gives the police’s Silent Solution "
        "(call 999, listen, press 55 on a mobile), not textphone 18000 or a text to 999, "
        "which are for deaf, hard of hearing or speech-impaired people.",
        advice="take out textphone 18000 and texting 999, or say they are only for deaf, hard of hearing or "
        "speech-impaired people; " + SILENT_SOLUTION,
    ),
    Fix(
        model=ContactMethod,
        match={"kind": ContactMethod.TEXTPHONE, "value": "18000"},
        field="label",
        old="Textphone",
        new="Textphone (Relay UK), only for deaf, hard of hearing or speech-impaired people",
        mistaken=lambda label: not label_says_who_for(label),
        part="its textphone 18000",
        comment="the textphone 18000 says it is only for deaf, hard of hearing or speech-impaired people.",
        advice="in its label, say it is only for deaf, hard of hearing or speech-impaired people.",
    ),
    Fix(
        model=ContactMethod,
        match={"kind": ContactMethod.SMS, "value": "999"},
        field="label",
        old="Emergency text, only after registering (text “register” to 999)",
        new="Emergency text, only for deaf, hard of hearing or speech-impaired people who have registered "
        "(text “register” to 999)",
        mistaken=lambda label: not label_says_who_for(label),
        part="its emergency text to 999",
        comment="the emergency text to 999 says it is only for deaf, hard of hearing or speech-impaired "
        "people who have registered.",
        advice="in its label, say it is only for deaf, hard of hearing or speech-impaired people who have registered.",
    ),
    Fix(
        model=Service,
        match={"slug": "police-emergency"},
        field="what_happens",
        old="Always call first when a child is in danger right now.",
        new="Always call first when a child is in danger right now.\n\nIf it is not safe to talk, still call 999 "
        "and listen. If asked, cough or tap the phone. On a mobile, press 55 when a recorded message asks you to. "
        "Then you go through to the police.",
        mistaken=lambda text: "55" not in text,
        part="what happens when you contact them",
        comment="the police emergency service says what to do when it is not safe to talk (the Silent Solution).",
        advice=SILENT_SOLUTION[0].upper() + SILENT_SOLUTION[1:],
    ),
]


def entry_of(obj):
    """The directory entry an object is edited and versioned with: a step's situation, a number's service."""
    if isinstance(obj, GuideStep):
        return obj.situation
    if isinstance(obj, ContactMethod):
        return obj.service
    return obj


ADMIN_CHANGE = {
    Service: "admin:directory_service_change",
    Situation: "admin:directory_situation_change",
    DirectoryDraft: "admin:directory_directorydraft_change",
}


def admin_url(entry):
    return reverse(ADMIN_CHANGE[type(entry)], args=[entry.pk])


@dataclass
class Outcome:
    corrected: list = field(default_factory=list)  # "“Entry”, part"
    to_do: list = field(default_factory=list)  # Reports


def apply(fixes=FIXES, stdout=None):
    """Make each fix where the old text is still there; then report what is left to do by hand."""
    outcome = Outcome()
    with transaction.atomic():
        user = loader_user()
        for fix in fixes:
            for obj in fix.entries().filter(**{fix.field: fix.old}).select_for_update():
                entry = entry_of(obj)
                with reversion.create_revision():
                    reversion.set_user(user)
                    reversion.set_comment(COMMENT_PREFIX + fix.comment)
                    setattr(obj, fix.field, fix.new)
                    obj.save(update_fields=[fix.field])
                    reversion.add_to_revision(entry)  # the entry's history shows it, with its steps or numbers
                outcome.corrected.append(f"“{entry}”, {fix.part}")
    outcome.to_do = to_correct_by_hand(fixes)
    if stdout is not None:
        for line in outcome.corrected:
            stdout.write(f"corrected {line}")
        if outcome.to_do:
            stdout.write("To correct by hand (an editor has changed these, so they were left as they are):")
        for report in outcome.to_do:
            stdout.write(f"  {report}")
        if not outcome.corrected and not outcome.to_do:
            stdout.write("Corrections to the starting content: none needed.")
    return outcome


def to_correct_by_hand(fixes=FIXES):
    """Entries, and drafts waiting for a publisher, that still carry a mistake a fix is for."""
    reports = []
    for fix in fixes:
        for obj in fix.entries():
            if fix.mistaken(getattr(obj, fix.field)):
                entry = entry_of(obj)
                reports.append(Report(str(entry), fix.part, fix.advice, admin_url(entry)))
    # Publishing a draft saved before the correction would bring the mistake back.
    for draft in DirectoryDraft.objects.order_by("pk"):
        for fix in fixes:
            if any(fix.mistaken(value) for value in values_in(draft.data, fix)):
                reports.append(Report(draft.title, fix.part, fix.advice, admin_url(draft), draft=True))
    return reports


def values_in(data, fix):
    """The values of ``fix.field`` in a draft's data, wherever an object there matches ``fix.match``."""
    if isinstance(data, dict):
        matches = all(data.get(key) == value for key, value in fix.match.items())
        if matches and isinstance(data.get(fix.field), str):
            yield data[fix.field]
        for value in data.values():
            yield from values_in(value, fix)
    elif isinstance(data, list):
        for value in data:
            yield from values_in(value, fix)


# 2026-11-30, issue 16, finding 4: the NSPCC number showed no opening hours, so at 11pm
# nothing said it was closed. Contact methods now have hours of their own; sites loaded
# before get the helpline phone's, as content/directory.toml gives them (source beside
# them there: ../shared/guidance/sources.md, section 6, CONFIRMED), and the service's
# own hours note keeps only what is not the phone's.
@dataclass(frozen=True)
class FixOnce(Fix):
    """A fix whose old value an editor may well set again (empty opening hours): made once per object.

    Emptying the hours is an editor's choice (say the line's hours changed and
    nobody has checked the new ones yet); the next deploy must not put them back,
    nor list them as left to correct.
    """

    def entries(self):
        from reversion.models import Version  # here, so this fix is all in one place

        done = Version.objects.get_for_model(self.model).filter(revision__comment=COMMENT_PREFIX + self.comment)
        return super().entries().exclude(pk__in=[int(pk) for pk in done.values_list("object_id", flat=True)])


NSPCC_PHONE_HOURS = {
    **{day: ["08:00", "22:00"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
    **{day: ["09:00", "18:00"] for day in ("saturday", "sunday")},
}
FIXES += [
    FixOnce(
        model=ContactMethod,
        match={"kind": ContactMethod.PHONE, "value": "08088005000"},
        field="opening_hours",
        old={},
        new=NSPCC_PHONE_HOURS,
        mistaken=lambda hours: not hours,  # any hours an editor gave are theirs to keep; none is reported
        part="its helpline number’s opening hours",
        comment="the NSPCC helpline number shows its opening hours: Monday to Friday 8am to 10pm, Saturday and "
        "Sunday 9am to 6pm.",
        advice="give its number 0808 800 5000 its opening hours (under Contact methods), once checked against the "
        "NSPCC’s own page.",
    ),
    Fix(
        model=Service,
        match={"slug": "nspcc-helpline"},
        field="opening_hours",
        old="Phone: Monday to Friday 8am to 10pm, weekends 9am to 6pm. Online form and email: any time.",
        new="Online form and email: any time.",
        mistaken=lambda text: "10pm" in text,  # the phone's hours, given twice
        part="its other notes on opening hours",
        comment="the NSPCC helpline’s phone hours are given with its number, so its notes on opening hours keep "
        "only the online form and email.",
        advice="take the phone’s hours out of these notes: they are given with the number now.",
    ),
]
