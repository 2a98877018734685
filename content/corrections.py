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

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import reversion
from cms.models import Page
from cms.toolbar.utils import get_object_edit_url
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags
from djangocms_versioning import constants
from djangocms_versioning.models import Version

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

# 2026-11-30, issue 16, finding 3: steps are shown by stage, and only "Do this now" is
# numbered, so each of its steps is an action; a step that named six contacts in one
# sentence, with only the police's number, gives each its own item with its number or
# web address (linked on the page). Old and new as content/guidance.toml gave and gives
# them (Markdown); its comments name the sources.
REWORDED_STEPS = [
    (
        "Get professional help. Contact the police on **101**, Children’s Social Care at your local council, "
        "a health visitor, school nurse or GP, the NSPCC or Stop It Now!",
        "Get professional help. Contact one of these:\n\n"
        "- the police on **101**\n"
        "- [Children’s Social Care at your local council](https://www.gov.uk/report-child-abuse-to-local-council)\n"
        "- your health visitor, school nurse or GP (there is no single number: contact your own)\n"
        "- the NSPCC Helpline on **0808 800 5000**\n"
        "- the Stop It Now! helpline on **0808 1000 900**",
        "the step “Get professional help” lists each contact on its own line, with its number or web address.",
    ),
    (
        "You may want to talk your worries through with someone you trust. But to protect the child, "
        "you must get professional help too.",
        "If you want, talk to someone you trust about your worries. But you must get professional help too, "
        "to protect the child.",
        "a step under “Do this now” says what to do: talk to someone you trust, and get professional help too.",
    ),
    (
        "Stopping the abuse comes first, no matter who the abuser is.",
        "Put stopping the abuse first, no matter who the abuser is.",
        "a step under “Do this now” says what to do: put stopping the abuse first.",
    ),
    (
        "You need the web address of the image or video.",
        "When you report, give the web address of the image or video. You need it to make a report.",
        "a step under “Do this now” says what to do: give the web address of the image or video.",
    ),
]


def still_reads(old):
    """A rewording, not a mistake: only the old words themselves are left to correct (in a draft)."""
    return lambda value: value == old


FIXES += [
    Fix(
        model=GuideStep,
        match={},
        field="body",
        old=render_markdown(old),
        new=render_markdown(new),
        mistaken=still_reads(render_markdown(old)),
        part="a step",
        comment=comment,
        advice="the steps are now shown by stage, and only “Do this now” is numbered: write each of its steps "
        "as something to do, and give each contact its own line, with its number or web address.",
    )
    for old, new, comment in REWORDED_STEPS
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


def apply(fixes=None, stdout=None):
    """Make each fix where the old text is still there; then report what is left to do by hand."""
    fixes = every_fix() if fixes is None else fixes
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
        outcome.corrected += apply_page_fixes(user)
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


def to_correct_by_hand(fixes=None):
    """Entries, and drafts waiting for a publisher, that still carry a mistake a fix is for."""
    fixes = every_fix() if fixes is None else fixes
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
    # Page drafts still holding old wording; published statements lacking a part the law asks for.
    return reports + pages_to_correct_by_hand() + pages_missing_parts()


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


# 2026-11-30, issue 16, finding 6: the site's own words, rewritten in short sentences with the
# action first and the same facts, each beside its source as before (content/guidance.toml,
# content/directory.toml, content/pages/; content/CHANGES.md, change 12). A running site gets
# the new wording wherever it still has exactly the old; an editor's own wording is theirs and
# is left alone. A draft still holding the old wording is listed, as publishing it would bring
# the old wording back.
READING_LEVEL_COMMENT = "reworded in shorter, plainer sentences, with the same facts (easier to read)."
READING_LEVEL_ADVICE = (
    "the starting text was reworded in shorter, plainer sentences, and this still has the old wording. "
    "Reword it the same way: the action first, no sentence over 25 words."
)
SERVICE_PARTS = {
    "who_for": "who it is for",
    "opening_hours": "opening hours",
    "cost_notes": "cost",
    "anonymity_notes": "anonymity",
}

READABLE_STEPS = [
    # (worried-about-someone's "Get professional help" step: REWORDED_STEPS, one item per contact.)
    (  # worried-about-someone
        (
            "Sex offenders can only be prosecuted, convicted and managed by the police, probation "
            "services and other agencies if their offences are reported. By reporting, you help protect "
            "this child and others."
        ),
        (
            "Sex offenders can only be taken to court and found guilty if someone reports them. Only then"
            " can the police, probation services and other agencies keep watch on them. By reporting, you"
            " help protect this child and others."
        ),
    ),
    (  # worried-about-someone
        (
            "If the police, probation or prison services think you or your child are at direct risk, they"
            " may share information with you to keep you safe. They do this in a face-to-face meeting."
        ),
        (
            "The police, probation or prison services may think you or your child are at direct risk. If "
            "so, they may tell you what you need to know to stay safe. They do this in a face-to-face "
            "meeting."
        ),
    ),
    (  # check-someones-record
        (
            "**In England and Wales**, ask the police under the Child Sex Offender Disclosure Scheme "
            "(“Sarah’s Law”). A parent, carer or guardian, or anyone worried about a child, can ask "
            "whether someone who has contact with a child has a record of child sexual offences. Call "
            "**101**, go to a police station, or use your police force’s online form."
        ),
        (
            "**In England and Wales**, use the Child Sex Offender Disclosure Scheme (“Sarah’s Law”). Call"
            " **101**, go to a police station, or use your police force’s online form. You can ask if "
            "someone who has contact with a child has a record of child sexual offences. You can ask if "
            "you are a parent, carer or guardian. Anyone else who is worried about a child can ask too."
        ),
    ),
    (  # check-someones-record
        (
            "Don’t use anything you are told to harass anyone. An offender who fears a backlash may “go "
            "underground”, away from the police. Then they are a greater risk to children, because nobody"
            " can keep watch on them."
        ),
        (
            "Don’t use anything you are told to harass anyone. An offender who fears a backlash may “go "
            "underground” and hide from the police. Then nobody can keep watch on them, so they are a "
            "greater risk to children."
        ),
    ),
    (  # check-someones-record
        (
            "Unless you or your family are at direct risk from a child sex offender, the police will not "
            "give you specific details about them."
        ),
        (
            "Are you or your family at direct risk from a child sex offender? If not, the police will not"
            " give you specific details about them."
        ),
    ),
    (  # check-someones-record
        (
            "If you or your child are at direct risk, the police may tell you who the person is and "
            "details such as where they live or work. They do this in a face-to-face meeting."
        ),
        (
            "If you or your child are at direct risk, the police may tell you who the person is. They may"
            " also tell you details such as where they live or work. They do this in a face-to-face "
            "meeting."
        ),
    ),
    (  # something-happened-online
        ("Report online sexual abuse or grooming of a child to the CEOP Safety Centre, using its online form."),
        (
            "Is a child being sexually abused or groomed online? Report it to the CEOP Safety Centre. Use"
            " its online form."
        ),
    ),
    (  # found-images-online
        ("Report the images or videos to the Internet Watch Foundation. You can do this without giving your name."),
        "Report what you found to the Internet Watch Foundation. You do not have to give your name.",
    ),
    (  # found-images-online
        ("If someone is sexually abusing or grooming a child online, report it to the CEOP Safety Centre too."),
        ("Is someone sexually abusing or grooming a child online? Then tell the CEOP Safety Centre too."),
    ),
    (  # report-without-my-name
        "Contact Crimestoppers on **0800 555 111**, or use its anonymous online form.",
        "Call Crimestoppers on **0800 555 111**. Or use its anonymous online form.",
    ),
]
READABLE_SERVICES = [
    (
        "police-non-emergency",
        "who_for",
        (
            "Report a concern or a crime that is not an emergency, or ask about a named person under the "
            "Child Sex Offender Disclosure Scheme."
        ),
        (
            "Report a worry or a crime that is not an emergency. You can also ask about a named person. "
            "Use the Child Sex Offender Disclosure Scheme to do this."
        ),
    ),
    (
        "police-non-emergency",
        "cost_notes",
        "Free to call since 1 April 2020.",
        "It has been free to call since 1 April 2020.",
    ),
    (
        "childrens-social-care",
        "who_for",
        "Anyone worried that a child is being abused or neglected.",
        "Worried that a child is being abused or neglected? Tell your council.",
    ),
    (
        "childrens-social-care",
        "opening_hours",
        ("Out of hours, councils run an emergency duty team; the GOV.UK service links to each council’s own numbers."),
        ("Out of hours, each council has an emergency duty team. The GOV.UK page links to each council’s own numbers."),
    ),
    (
        "stop-it-now",
        "who_for",
        (
            "Anyone worried about someone’s sexual thoughts or behaviour towards children, including "
            "their own, and parents worried about a child’s behaviour."
        ),
        (
            "Anyone worried about someone’s sexual thoughts or behaviour towards children. This includes "
            "their own. Parents worried about how a child behaves can use it too."
        ),
    ),
    (
        "stop-it-now",
        "anonymity_notes",
        "Confidential, and you can stay anonymous.",
        "It is confidential. You do not have to give your name.",
    ),
    (
        "ceop-safety-centre",
        "who_for",
        "Report online sexual abuse or grooming of a child: something that happened online.",
        "Tell CEOP if a child is being sexually abused or groomed online.",
    ),
    (
        "ceop-safety-centre",
        "anonymity_notes",
        "Reports are not anonymous.",
        "When you report, you have to give your name.",
    ),
    (
        "crimestoppers",
        "who_for",
        "Anyone who wants to report information about a crime without giving their name.",
        "Anyone who wants to tell what they know about a crime without giving their name.",
    ),
    (
        "internet-watch-foundation",
        "who_for",
        "Report child sexual abuse images or videos found online.",
        "Report sexual images or videos of a child that you find online.",
    ),
    (
        "internet-watch-foundation",
        "anonymity_notes",
        "You can report anonymously.",
        "You do not have to give your name.",
    ),
]
READING_LEVEL_FIXES = [
    Fix(
        model=GuideStep,
        match={},
        field="body",
        old=render_markdown(old),
        new=render_markdown(new),
        mistaken=partial(operator.eq, render_markdown(old)),
        part="a step",
        comment=READING_LEVEL_COMMENT,
        advice=READING_LEVEL_ADVICE,
    )
    for old, new in READABLE_STEPS
] + [
    Fix(
        model=Service,
        match={"slug": slug},
        field=field_name,
        old=old,
        new=new,
        mistaken=partial(operator.eq, old),
        part=SERVICE_PARTS[field_name],
        comment=READING_LEVEL_COMMENT,
        advice=READING_LEVEL_ADVICE,
    )
    for slug, field_name, old, new in READABLE_SERVICES
]


def every_fix():
    """The corrections ``load_content`` makes and the dashboard reports: the first ones, then the rewording."""
    return [*FIXES, *READING_LEVEL_FIXES]


# Pages are django CMS pages, versioned by djangocms-versioning: a text block of a page
# whose published version still holds exactly the old starting text gets a new version,
# copied from the published one with only that block changed, and published by the
# starting-content account, so it shows in the page's version list and can be reverted
# there. A page with a draft is an editor's work in progress: it is not touched, and the
# draft is listed if it still has the old wording.
@dataclass(frozen=True)
class PageFix:
    """A text block (``plugin_type``) of the starting page ``page`` (its key): ``old`` Markdown becomes ``new``."""

    page: str
    plugin_type: str
    old: str
    new: str
    part: str  # which part of the page, in the editors' words

    @property
    def old_html(self):
        return render_markdown(self.old)

    @property
    def new_html(self):
        return render_markdown(self.new)


OLD_HOME = (
    "This site helps parents and carers in the UK keep children safe from sexual abuse. It explains "
    "who child sex offenders are and how they operate, what information you have a right to, and what"
    " to do and whom to contact if you are worried about someone’s behaviour towards a child."
)

NEW_HOME = (
    "This site helps parents and carers in the UK keep children safe from sexual abuse. It tells you:\n"
    "\n"
    "- what to do if you are worried about how someone behaves with a child\n"
    "- who to contact\n"
    "- who child sex offenders are and how they operate\n"
    "- what you have a right to know"
)

OLD_DISCLOSURE_0 = (
    "This system now exists. The **Child Sex Offender Disclosure Scheme** (“Sarah’s Law”) has been in"
    " force across England and Wales since 2011. A parent, carer or guardian, or anyone concerned "
    "about a child, can ask the police whether someone who has access to a child has a record of "
    "child sexual offences. To ask, call your local police on 101, go to a police station, or use "
    "your police force’s online form. Any information is given only to the person best placed to "
    "protect the child.\n"
    "\n"
    "- In Scotland, the **Sex Offender Community Disclosure Scheme** (since 2010): call 101 or use "
    "Police Scotland’s online form.\n"
    "- In Northern Ireland, the **Child Protection Disclosure Arrangements** (since 14 March 2016): "
    "contact the Police Service of Northern Ireland online or on 101.\n"
    "\n"
    "The scheme is not a way to report a crime. If a child is in immediate danger, call 999."
)

NEW_DISCLOSURE_0 = (
    "This system now exists. In England and Wales, it is the **Child Sex Offender Disclosure Scheme**"
    " (“Sarah’s Law”). It has been in force there since 2011. You can use it to ask the police if "
    "someone has a record of child sexual offences. The person must have access to a child. Any "
    "parent, carer or guardian can ask. So can anyone else who is worried about a child. To ask, call"
    " your local police on 101. Or you can ask at a police station, or on your police force’s online "
    "form. The police tell only the person best placed to protect the child.\n"
    "\n"
    "- In Scotland, it is the **Sex Offender Community Disclosure Scheme**. It started in 2010. Call "
    "101 or use Police Scotland’s online form.\n"
    "- In Northern Ireland, it is the **Child Protection Disclosure Arrangements**. They started on "
    "14 March 2016. Contact the Police Service of Northern Ireland online or on 101.\n"
    "\n"
    "The scheme is not for reporting a crime. If a child is in immediate danger, call 999."
)

OLD_DISCLOSURE_1 = (
    "CEOP’s ‘most wanted’ website no longer exists. CEOP became part of the National Crime Agency in "
    "2013. To report online sexual abuse or grooming of a child, use the [CEOP Safety "
    "Centre](https://www.ceop.police.uk/Safety-Centre/). To give information about a crime without "
    "giving your name, contact Crimestoppers on 0800 555 111 or through its [anonymous online "
    "form](https://crimestoppers-uk.org)."
)

NEW_DISCLOSURE_1 = (
    "CEOP’s ‘most wanted’ website no longer exists. CEOP became part of the National Crime Agency in "
    "2013. Is a child being sexually abused or groomed online? Report it to the [CEOP Safety "
    "Centre](https://www.ceop.police.uk/Safety-Centre/). To report a crime without giving your name, "
    "call Crimestoppers on 0800 555 111. Or use its [anonymous online "
    "form](https://crimestoppers-uk.org)."
)

OLD_SAFELY = (
    "If you share a phone, tablet or computer, or you are worried that someone could see what you are"
    " reading, these steps can help keep your visit private.\n"
    "\n"
    "## The Exit this page button\n"
    "\n"
    "Every page has a red **Exit this page** button at the top, which stays on the screen as you "
    "scroll. Select it, or press the <kbd>Shift</kbd> key 3 times on a keyboard, and this site is "
    "replaced straight away by a weather forecast page.\n"
    "\n"
    "The button:\n"
    "\n"
    "- blanks the screen at once, before the other page has loaded\n"
    "- replaces the page you were reading, so pressing Back once does not bring that page back\n"
    "\n"
    "The button does not:\n"
    "\n"
    "- remove the other pages of this site you opened earlier in the same tab: pressing Back more "
    "than once can bring them back\n"
    "- delete this site from your browser’s history\n"
    "- close other tabs you have opened on this site\n"
    "\n"
    "Blanking the screen, replacing the page and the <kbd>Shift</kbd> shortcut need JavaScript, which"
    " most browsers have turned on. Without it, the button still takes you to the weather page, but "
    "pressing Back brings this site back.\n"
    "\n"
    "When you have finished, close a private window, or remove this site’s pages from your history: "
    "both are explained below.\n"
    "\n"
    "## Use a private window\n"
    "\n"
    "A private window does not keep a history of the pages you visit, and forgets them when you close"
    " it. Different browsers give it different names:\n"
    "\n"
    "- Chrome: New Incognito window\n"
    "- Safari: New Private Window, or Private Browsing\n"
    "- Firefox: New private window\n"
    "- Microsoft Edge: New InPrivate window\n"
    "- Samsung Internet: Turn on Secret mode\n"
    "\n"
    "You can usually find it in the browser’s main menu.\n"
    "\n"
    "## Remove pages from your history\n"
    "\n"
    "If you did not use a private window, you can delete pages from your history afterwards. In most "
    "browsers, open the main menu, choose **History**, find the pages from this site, and delete "
    "them. You can also delete all your history for the last hour.\n"
    "\n"
    "Deleting all your history can itself be noticed. If that could put you at risk, delete only the "
    "pages from this site.\n"
    "\n"
    "## No cookies, no tracking\n"
    "\n"
    "This site does not put cookies on your device and does not track you. Your browser is told not "
    "to keep copies of its pages. Read our privacy notice for what our server records.\n"
    "\n"
    "## If a child is in danger\n"
    "\n"
    "If a child is in immediate danger, call 999."
)

NEW_SAFELY = (
    "These steps can help keep your visit private. Use them if you share a phone, tablet or computer."
    " Use them too if you are worried that someone could see what you read.\n"
    "\n"
    "## The Exit this page button\n"
    "\n"
    "Every page has a red **Exit this page** button at the top. It stays on the screen as you scroll."
    " Select it, and a weather forecast page takes the place of this site straight away. On a "
    "keyboard, you can also press the <kbd>Shift</kbd> key 3 times.\n"
    "\n"
    "The button:\n"
    "\n"
    "- blanks the screen at once, before the other page has loaded\n"
    "- replaces the page you were reading, so pressing Back once does not bring that page back\n"
    "\n"
    "The button does not:\n"
    "\n"
    "- remove the other pages of this site you opened earlier in the same tab: pressing Back more "
    "than once can bring them back\n"
    "- delete this site from your browser’s history\n"
    "- close other tabs you have opened on this site\n"
    "\n"
    "Blanking the screen, replacing the page and the <kbd>Shift</kbd> shortcut need JavaScript. Most "
    "browsers have it turned on. Without it, the button still takes you to the weather page, but "
    "pressing Back brings this site back.\n"
    "\n"
    "When you have finished, close the private window if you used one. Or remove this site’s pages "
    "from your history. You can read how to do both below.\n"
    "\n"
    "## Use a private window\n"
    "\n"
    "A private window does not keep a history of the pages you visit. It forgets them when you close "
    "it. Each browser has its own name for it:\n"
    "\n"
    "- Chrome: New Incognito window\n"
    "- Safari: New Private Window, or Private Browsing\n"
    "- Firefox: New private window\n"
    "- Microsoft Edge: New InPrivate window\n"
    "- Samsung Internet: Turn on Secret mode\n"
    "\n"
    "You can usually find it in the browser’s main menu.\n"
    "\n"
    "## Remove pages from your history\n"
    "\n"
    "If you did not use a private window, you can delete pages from your history later. In most "
    "browsers, open the main menu and choose **History**. Find the pages from this site and delete "
    "them. You can also delete all your history for the last hour.\n"
    "\n"
    "What you search for on this site stays in your history, like the pages you read.\n"
    "\n"
    "If you delete all your history, someone may notice. If that could put you at risk, delete only "
    "the pages from this site.\n"
    "\n"
    "## No cookies, no tracking\n"
    "\n"
    "This site does not put cookies on your device and does not track you. Your browser is told not "
    "to keep copies of its pages. Read our privacy notice for what our server records.\n"
    "\n"
    "## If a child is in danger\n"
    "\n"
    "If a child is in immediate danger, call 999."
)

OLD_GET_HELP = (
    "Find who to contact for what is happening. Each service shows how to reach it; on a phone, tap a"
    " number to call it."
)

NEW_GET_HELP = (
    "Find who to contact for what is happening. Each service shows how to reach it. On a phone, tap a"
    " number to call it."
)

PAGE_FIXES = [
    PageFix("home", "TextPlugin", OLD_HOME, NEW_HOME, "its introduction"),
    PageFix(
        "guide-controlled-disclosure",
        "UpdateNotePluginPublisher",
        OLD_DISCLOSURE_0,
        NEW_DISCLOSURE_0,
        "the update note on the disclosure schemes",
    ),
    PageFix(
        "guide-controlled-disclosure",
        "UpdateNotePluginPublisher",
        OLD_DISCLOSURE_1,
        NEW_DISCLOSURE_1,
        "the update note on CEOP’s ‘most wanted’ website",
    ),
    PageFix("using-this-site-safely", "TextPlugin", OLD_SAFELY, NEW_SAFELY, "its text"),
    PageFix("get-help", "TextPlugin", OLD_GET_HELP, NEW_GET_HELP, "its introduction"),
]


def page_versions(page, language=settings.LANGUAGE_CODE):
    return [version for version in Version.objects.filter_by_grouper(page) if version.content.language == language]


def blocks_holding(content, plugin_type, body, language=settings.LANGUAGE_CODE):
    """The page content's plugins of ``plugin_type`` whose text is exactly ``body``."""
    placeholder = content.get_placeholders().filter(slot="content").first()
    if placeholder is None:
        return []
    plugins = [plugin.get_plugin_instance()[0] for plugin in placeholder.get_plugins(language)]
    return [
        plugin for plugin in plugins if plugin is not None and plugin.plugin_type == plugin_type and plugin.body == body
    ]


def apply_page_fixes(user, fixes=PAGE_FIXES):
    """Publish a new version of each page whose published version still holds a fix's old text; say which."""
    corrected = []
    for key in dict.fromkeys(fix.page for fix in fixes):
        page = Page.objects.filter(reverse_id=key, site_id=settings.SITE_ID).first()
        versions = page_versions(page) if page is not None else []
        published = next((version for version in versions if version.state == constants.PUBLISHED), None)
        if published is None or any(version.state == constants.DRAFT for version in versions):
            continue
        due = [
            fix for fix in fixes if fix.page == key and blocks_holding(published.content, fix.plugin_type, fix.old_html)
        ]
        if not due:
            continue
        draft = published.copy(user)
        for fix in due:
            for plugin in blocks_holding(draft.content, fix.plugin_type, fix.old_html):
                plugin.body = fix.new_html
                plugin.save()
        draft.publish(user)
        corrected += [f"“{draft.content.title}”, {fix.part}" for fix in due]
    return corrected


def pages_to_correct_by_hand(fixes=PAGE_FIXES):
    """Drafts of pages, waiting for a publisher, that still hold a fix's old text."""
    reports = []
    for fix in fixes:
        page = Page.objects.filter(reverse_id=fix.page, site_id=settings.SITE_ID).first()
        for version in page_versions(page) if page is not None else []:
            if version.state == constants.DRAFT and blocks_holding(version.content, fix.plugin_type, fix.old_html):
                url = get_object_edit_url(version.content)
                reports.append(Report(version.content.title, fix.part, READING_LEVEL_ADVICE, url, draft=True))
    return reports


# 2026-11-30, issue 16, finding 5: the accessibility statement and the privacy notice
# lacked parts the law asks of them (content/CHANGES.md, 14-15). A page's text cannot be
# corrected field by field as the entries above are, and an editor may have rewritten
# it: a running site's published page that still lacks a part is reported (in
# load_content's output and on the editors' dashboard) with what it lacks, for a
# Publisher to correct. The starting text in content/pages/ has every part.


@dataclass(frozen=True)
class PageParts:
    """A page of the starting content, and the parts the law asks its published text to have."""

    key: str  # the page's reverse_id
    parts: dict  # each part, in the editors' words -> a pattern that finds it in the page's HTML
    source: str  # the starting text, which has them all


_CONTACT = r'href="/contact/|mailto:|href="tel:'
PAGE_PARTS = [
    PageParts(
        "accessibility-statement",
        {
            "whether the website meets the standard (compliance status)": re.compile(
                r"complian|meets? the standard|does not meet", re.IGNORECASE
            ),
            "what is not accessible, and why": re.compile(r"not (fully )?accessible", re.IGNORECASE),
            "how to report a problem, with a link to contact you": re.compile(_CONTACT, re.IGNORECASE),
            "the enforcement procedure in England, Scotland and Wales (the Equality Advisory and Support "
            "Service)": re.compile(r"Equality Advisory|\bEASS\b", re.IGNORECASE),
            "the enforcement procedure in Northern Ireland (the Equality Commission for Northern Ireland)": (
                re.compile(r"Equality Commission for Northern Ireland|\bECNI\b", re.IGNORECASE)
            ),
            "when the statement was written": re.compile(r"prepared|wrote this statement|written", re.IGNORECASE),
            "how the website was tested": re.compile(r"\btest", re.IGNORECASE),
        },
        "content/pages/20-accessibility-statement.md",
    ),
    PageParts(
        "privacy-notice",
        {
            "who the data controller is": re.compile(r"controller", re.IGNORECASE),
            "how to contact you": re.compile(_CONTACT, re.IGNORECASE),
            "why the information is used": re.compile(r"\bwhy\b|purpose|we use", re.IGNORECASE),
            "the lawful basis": re.compile(r"lawful basis|legal basis", re.IGNORECASE),
            "who gets the information": re.compile(r"who gets|\bshare|give (it|them) to", re.IGNORECASE),
            "how long it is kept": re.compile(r"how long we keep|we keep (it|them|these)|delete", re.IGNORECASE),
            "people’s rights": re.compile(r"your rights|right to", re.IGNORECASE),
            "the right to complain to the Information Commissioner’s Office": re.compile(
                r"Information Commissioner|\bICO\b", re.IGNORECASE
            ),
        },
        "content/pages/21-privacy-notice.md",
    ),
]


def published_html(content):
    """What a published page's plugins hold: text bodies, and the contact details' links."""
    from safeguarding_site.pages import organisation

    html = []
    for placeholder in content.get_placeholders():
        for plugin in placeholder.get_plugins():
            if plugin.plugin_type == "ContactDetailsPluginPublisher":
                details = organisation.current()
                html.append(f'{details.name} <a href="mailto:{details.email}">{details.email}</a>')
            else:
                html.append(getattr(plugin.get_bound_plugin(), "body", "") or "")
    return "\n".join(html)


def pages_missing_parts(checks=PAGE_PARTS):
    """Published pages of the starting content that lack a part the law asks for."""
    from cms.models import PageContent
    from django.conf import settings

    reports = []
    for check in checks:
        # The published version only (djangocms-versioning's manager); a page withdrawn or deleted is not shown.
        content = (
            PageContent.objects.filter(page__reverse_id=check.key, page__site_id=settings.SITE_ID)
            .select_related("page")
            .first()
        )
        if content is None:
            continue
        html = published_html(content)
        missing = [part for part, pattern in check.parts.items() if not pattern.search(html)]
        if missing:
            advice = (
                f"add what the law asks for and it lacks: {'; '.join(missing)}. "
                f"The site’s starting text has them ({check.source})."
            )
            reports.append(Report(content.title, "its text", advice, content.page.get_absolute_url(content.language)))
    return reports


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


# 2026-11-30: "Crimestoppers never asks your name" is UNCONFIRMED in
# ../shared/guidance/sources.md (section 5); what it confirms [X1] is that what Crimestoppers
# passes on leaves out anything that could identify you. Starting content states no
# unconfirmed fact, so a running site loses the claim wherever nobody has changed the text,
# and any text still making it is listed to check by hand.
UNCONFIRMED_ADVICE = (
    "it says Crimestoppers never asks your name, which its own pages do not confirm. Say instead that "
    "Crimestoppers does not pass on anything that could show who you are (crimestoppers-uk.org, “What we do "
    "with your information”)."
)


def says_never_asks_your_name(text):
    return "never asks your name" in (text or "").lower()


FIXES += [
    Fix(
        model=Service,
        match={"slug": "crimestoppers"},
        field="anonymity_notes",
        old="Crimestoppers never asks your name.",
        new="You do not have to give your name. Crimestoppers does not pass on anything that could show who you are.",
        mistaken=says_never_asks_your_name,
        part="anonymity",
        comment="no longer says Crimestoppers never asks your name (not confirmed by its own pages).",
        advice=UNCONFIRMED_ADVICE,
    ),
    Fix(
        model=GuideStep,
        match={},
        field="body",
        old=render_markdown("Crimestoppers is an independent charity. It never asks your name."),
        new=render_markdown("Crimestoppers is a charity. It does not pass on anything that could show who you are."),
        mistaken=says_never_asks_your_name,
        part="a step",
        comment="no longer says Crimestoppers never asks your name (not confirmed by its own pages).",
        advice=UNCONFIRMED_ADVICE,
    ),
]
