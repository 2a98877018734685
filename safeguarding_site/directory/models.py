import datetime
from urllib.parse import urlsplit

from cms.models import CMSPlugin
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from . import hours, phone

https_url = URLValidator(schemes=["https"], message="Enter a full web address that starts with https://")


class Service(models.Model):
    """An organisation or route a worried parent can contact, with how to reach it.

    Shown in the directory, on its own page, and as a card that editors place
    in any CMS page. Its details must stay right: ``last_checked`` records when
    an editor last compared them with ``source_url``.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        "web address (last part)",
        max_length=80,
        unique=True,
        help_text="The end of the service’s web address: lower-case letters, numbers and hyphens.",
    )
    who_for = models.CharField(
        "who it is for", max_length=300, help_text="One sentence: who should contact this service, and about what."
    )
    what_happens = models.TextField(
        "what happens when you contact them", blank=True, help_text="Plain words: what to expect."
    )
    opening_hours = models.CharField(
        "other notes on opening hours",
        max_length=300,
        blank=True,
        help_text="Anything about hours that is not one number’s, such as an out-of-hours service. Each number’s"
        " own hours go with it, under its contact method.",
    )
    cost_notes = models.CharField("cost", max_length=300, blank=True, help_text="For example: free to call.")
    anonymity_notes = models.CharField(
        "anonymity", max_length=300, blank=True, help_text="Whether you can stay anonymous."
    )
    covers_england = models.BooleanField("England", default=False)
    covers_wales = models.BooleanField("Wales", default=False)
    covers_scotland = models.BooleanField("Scotland", default=False)
    covers_northern_ireland = models.BooleanField("Northern Ireland", default=False)
    is_emergency = models.BooleanField(
        "for emergencies", default=False, help_text="Shown first: for a child in immediate danger."
    )
    source_url = models.URLField(
        "source address",
        max_length=500,
        blank=True,
        validators=[https_url],
        help_text="The organisation's own page these details were checked against.",
    )
    source_name = models.CharField(
        max_length=200, help_text="Where the details come from, e.g. “nspcc.org.uk” or “the Home Office guide”."
    )
    last_checked = models.DateField(help_text="When an editor last checked these details against the source.")

    class Meta:
        ordering = ["-is_emergency", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        try:
            return reverse("directory:service", kwargs={"slug": self.slug})
        except NoReverseMatch:  # the directory page is not published
            return ""

    @cached_property
    def contact_list(self):
        """Its contact methods in order, as a list (what templates show; the directory sets it)."""
        return list(self.contact_methods.all())

    @property
    def nations(self):
        return [
            label
            for label, covered in [
                ("England", self.covers_england),
                ("Wales", self.covers_wales),
                ("Scotland", self.covers_scotland),
                ("Northern Ireland", self.covers_northern_ireland),
            ]
            if covered
        ]

    @property
    def check_due(self):
        return self.last_checked <= check_due_before()


def check_due_before(today=None):
    """Entries last checked on or before this date need checking again."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.DIRECTORY_CHECK_AFTER_DAYS)


class ContactMethod(models.Model):
    """One way to reach a service: a number to call, an address to write to, a form."""

    PHONE = "phone"
    TEXTPHONE = "textphone"
    SMS = "sms"
    EMAIL = "email"
    WEB_FORM = "web_form"
    WEBSITE = "website"
    IN_PERSON = "in_person"
    KIND_CHOICES = [
        (PHONE, "Phone"),
        (TEXTPHONE, "Textphone"),
        (SMS, "Text message (SMS)"),
        (EMAIL, "Email"),
        (WEB_FORM, "Online form"),
        (WEBSITE, "Website"),
        (IN_PERSON, "In person"),
    ]
    PHONE_KINDS = {PHONE, TEXTPHONE, SMS}
    LINK_KINDS = {WEB_FORM, WEBSITE}

    service = models.ForeignKey(Service, related_name="contact_methods", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    label = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, e.g. “Helpline” or “Only after registering: text ‘register’ to 999”.",
    )
    value = models.CharField(
        max_length=500,
        help_text="A UK phone number or short code, an email address, an https:// web address, or where to go.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    opening_hours = hours.OpeningHoursField(
        "opening hours",
        blank=True,
        default=dict,
        help_text="UK time, day by day. A day left empty is closed; no hours at all, and the site says nothing.",
    )
    hours_notes = models.CharField(
        "bank holidays and other notes on the hours",
        max_length=200,
        blank=True,
        help_text="Shown after the hours, e.g. “Closed on Christmas Day.”",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_value}"

    def clean(self):
        super().clean()
        try:
            self.value = self.clean_value(self.kind, self.value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from error

    @classmethod
    def clean_value(cls, kind, value):
        """The stored form of ``value`` for ``kind``, or a ValidationError saying what is wrong."""
        value = (value or "").strip()
        if kind in cls.PHONE_KINDS:
            return phone.normalise(value)
        if kind == cls.EMAIL:
            EmailValidator(message="Enter an email address, such as help@example.org.uk")(value)
            return value.lower()
        if kind in cls.LINK_KINDS:
            https_url(value)
            return value
        if not value:
            raise ValidationError("Say where to go, for example “At a police station”.")
        return value

    @property
    def is_phone(self):
        return self.kind in self.PHONE_KINDS

    @property
    def hours_text(self):
        """Its opening hours in plain words ("Monday to Friday 8am to 10pm; ..."), or "" when none are given."""
        return hours.in_words(self.opening_hours)

    @property
    def hours_json(self):
        """Its hours for opening-hours.js (a phone line's: whether someone answers now), or ""."""
        return hours.as_json(self.opening_hours) if self.is_phone else ""

    @property
    def display_value(self):
        """Numbers in the usual grouping; web addresses as their site's name, short enough for a phone."""
        if self.is_phone:
            return phone.display(self.value)
        if self.kind in self.LINK_KINDS:
            return urlsplit(self.value).netloc.removeprefix("www.")
        return self.value

    @property
    def href(self):
        if self.is_phone:
            return phone.tel_href(self.value) if self.kind != self.SMS else "sms:" + phone.tel_href(self.value)[4:]
        if self.kind == self.EMAIL:
            return "mailto:" + self.value
        if self.kind in self.LINK_KINDS:
            return self.value
        return ""


class Situation(models.Model):
    """Something a worried visitor may be facing, linked to the services that help, in order."""

    title = models.CharField(max_length=200, help_text="In the visitor's words, e.g. “A child is in immediate danger”.")
    slug = models.SlugField(
        "web address (last part)",
        max_length=80,
        unique=True,
        help_text="Used in the web addresses for this situation: lower-case letters, numbers and hyphens.",
    )
    summary = models.CharField(max_length=300, blank=True, help_text="One sentence shown under the title.")
    is_emergency = models.BooleanField(
        default=False, help_text="An emergency situation is always listed first, wherever situations are listed."
    )
    position = models.PositiveSmallIntegerField(default=0)
    services = models.ManyToManyField(Service, through="SituationService", related_name="situations")

    class Meta:
        ordering = ["-is_emergency", "position", "title"]

    def __str__(self):
        return self.title

    @cached_property
    def ordered_services(self):
        """This situation's services in the editors' order, emergency services first, with their contact methods.

        Read in one query (listing.py); the directory sets it for every situation at once.
        """
        from .listing import services_of  # listing.py builds on these models

        return services_of(self.pk)


class SituationService(models.Model):
    """A service that helps in a situation, at a position in that situation's list."""

    situation = models.ForeignKey(Situation, related_name="service_links", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, related_name="situation_links", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["situation", "service"], name="unique_service_per_situation"),
        ]

    def __str__(self):
        return f"{self.situation}: {self.service}"


class WithRelated(models.Manager):
    """A plugin's default manager that reads the entry it shows in the same query.

    django CMS reads each plugin type's rows through ``objects`` when it renders a
    placeholder; this saves a query per plugin for its service or situation.
    """

    def __init__(self, *fields):
        super().__init__()
        self.fields = fields

    def get_queryset(self):
        return super().get_queryset().select_related(*self.fields)


class ServiceCardPluginModel(CMSPlugin):
    """A "Service card" placed in a CMS page: one service, with its numbers."""

    HEADING_LEVELS = [(2, "Heading 2"), (3, "Heading 3"), (4, "Heading 4")]

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    heading_level = models.PositiveSmallIntegerField(
        choices=HEADING_LEVELS, default=2, help_text="Fit the page's outline: one below the heading above the card."
    )

    objects = WithRelated("service")

    def __str__(self):
        return str(self.service)


class SituationServicesPluginModel(CMSPlugin):
    """ "Services for a situation": the situation's services as cards, in order."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="+")
    heading_level = models.PositiveSmallIntegerField(
        choices=ServiceCardPluginModel.HEADING_LEVELS, default=3, help_text="The heading level of each card."
    )
    show_title = models.BooleanField(default=False, help_text="Show the situation's title above the cards.")

    objects = WithRelated("situation")

    def __str__(self):
        return str(self.situation)


class DirectoryDraft(models.Model):
    """An Editor's change to a directory entry, kept aside until a Publisher publishes it.

    Directory entries are not django CMS pages, so djangocms-versioning does not
    draft them: an Editor's save in the admin is stored here instead of changing
    what visitors see (directory/drafts.py). ``data`` holds the entry as saved,
    with the objects edited on the same screen (a service's contact methods; a
    situation's services and steps).

    An entry has at most one open draft (a database constraint): every Editor
    who opens the entry edits that draft. ``base`` is the entry as visitors saw
    it when the draft began or was last brought up to date (``base_version``:
    its django-reversion version then). Once visitors see something else, the
    draft is out of date: it is not published until an editor brings it up to
    date, so publishing never undoes a change published since.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True, help_text="Empty for a new entry.")
    title = models.CharField(max_length=300)
    data = models.JSONField()
    base = models.JSONField(
        null=True,
        blank=True,
        help_text="The entry as visitors saw it when the draft began or was last brought up to date.",
    )
    base_version = models.ForeignKey(
        "reversion.Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="started by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("started", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last saved by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("last saved", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "draft of a directory entry"
        verbose_name_plural = "drafts of directory entries"
        permissions = [("publish_directorydraft", "Can publish or discard any draft of a directory entry")]
        constraints = [
            # New entries (no object_id yet) may have a draft each: NULLs are distinct.
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_open_draft_per_entry"),
        ]

    def __str__(self):
        kind = "New entry" if self.object_id is None else "Change"
        return f"{kind}: {self.title}"

    @property
    def saved_again(self):
        """Whether it was saved again after it began (by its editor or another)."""
        return self.updated_at != self.created_at
