from cms.extensions import PageExtension
from cms.extensions.extension_pool import extension_pool
from django.conf import settings
from django.db import models
from django.utils import timezone
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version


def add_months(date, months):
    """The same day ``months`` later (the last day of the month if that day does not exist)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    for day in range(date.day, 27, -1):
        try:
            return date.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return date.replace(year=year, month=month, day=min(date.day, 28))


def default_next_review(last_reviewed):
    return add_months(last_reviewed, settings.REVIEW_INTERVAL_MONTHS)


class ReviewDates(PageExtension):
    """When a page's content was last checked, and when it must be checked again.

    The NHS "Page last reviewed / Next review due" pattern: shown in the page
    footer, and only changed by an editor recording a review (the "Review dates"
    item in the toolbar's Page menu), never by an ordinary edit.
    """

    last_reviewed = models.DateField(default=timezone.localdate)
    next_review_due = models.DateField(
        blank=True, help_text="Leave empty for the usual interval after the last review (12 months unless configured)."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "review dates"
        verbose_name_plural = "review dates"

    def __str__(self):
        return f"Reviewed {self.last_reviewed:%d %b %Y}, next due {self.next_review_due:%d %b %Y}"

    def save(self, *args, **kwargs):
        if not self.next_review_due:
            self.next_review_due = default_next_review(self.last_reviewed)
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return self.next_review_due < timezone.localdate()


extension_pool.register(ReviewDates)


class PublicationSchedule(models.Model):
    """A publisher's instruction: publish this draft at a time, and/or withdraw the page at a time.

    Carried out by ``manage.py run_publication_schedule`` (run every few minutes
    by cron or a systemd timer). Safe to run repeatedly or late: each step is
    done once, and only if the version is still in the state it expects.

    A schedule to publish records what the draft held when it was scheduled
    (``content_fingerprint`` and the version's ``modified``): the draft is
    published only if it still holds exactly that. A change to the draft
    cancels the schedule (editors/schedule_guard.py); the timer checks again.
    """

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="schedules")
    publish_at = models.DateTimeField(null=True, blank=True, help_text="Publish the draft at this time (UK time).")
    unpublish_at = models.DateTimeField(
        null=True, blank=True, help_text="Withdraw the page from visitors at this time (UK time)."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_on = models.DateTimeField(null=True, blank=True, editable=False)
    unpublished_on = models.DateTimeField(null=True, blank=True, editable=False)
    outcome = models.CharField(max_length=300, blank=True, editable=False)
    content_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    content_modified = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["publish_at", "unpublish_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publish_at__isnull=False) | models.Q(unpublish_at__isnull=False),
                name="schedule_has_a_time",
            ),
            models.CheckConstraint(
                condition=models.Q(publish_at__isnull=True)
                | models.Q(unpublish_at__isnull=True)
                | models.Q(unpublish_at__gt=models.F("publish_at")),
                name="withdraw_after_publish",
            ),
        ]

    def __str__(self):
        # Not str(version): that is "Version #<database id>", where editors see version numbers.
        content = self.version.content
        return f"Schedule for “{getattr(content, 'title', content)}”, version {self.version.number}"

    def save(self, *args, **kwargs):
        if self.publish_at and not self.content_fingerprint and self.pk is None:
            self.record_content()
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.publish_at and not self.unpublish_at:
            raise ValidationError("Give a time to publish, a time to withdraw, or both.")
        if self.publish_at and self.unpublish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError({"unpublish_at": "Withdraw the page after it is published."})
        if self.version_id and self.publish_at and self.version.state != DRAFT:
            raise ValidationError({"version": "Only a draft can be scheduled to publish: this version is not a draft."})

    def record_content(self):
        """Remember what the draft holds now: this, exactly, is what will be published."""
        from .schedule import content_fingerprint

        stored = Version.objects.get(pk=self.version_id)  # as saved, not as some caller's copy holds it
        self.content_fingerprint = content_fingerprint(stored.content)
        self.content_modified = stored.modified

    @property
    def is_pending(self):
        """Still waiting to publish (or to withdraw)."""
        if self.cancelled_at:
            return False
        return bool(
            (self.publish_at and not self.published_on and not self.outcome)
            or (self.unpublish_at and not self.unpublished_on)
        )


class EditorAccount(models.Model):
    """Per-account flags for editors: a temporary password must be changed at first sign-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_account")
    must_change_password = models.BooleanField(default=True)

    def __str__(self):
        return str(self.user)


class ReviewRequest(models.Model):
    """An editor asking a Publisher to review a draft: publish it, or send it back with a comment.

    The draft is a page version (djangocms-versioning) or a draft of a directory
    entry (directory/drafts.py). Publishers are emailed when one arrives and see
    every waiting request on the editors' dashboard, oldest first; the editor
    sees a Publisher's comment there and on the page's toolbar.
    """

    WAITING = "waiting"
    SENT_BACK = "sent_back"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [
        (WAITING, "Waiting for a Publisher"),
        (SENT_BACK, "Sent back"),
        (PUBLISHED, "Published"),
        (WITHDRAWN, "Withdrawn"),
    ]

    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.CASCADE, related_name="review_requests"
    )
    directory_draft = models.ForeignKey(
        "directory.DirectoryDraft", null=True, blank=True, on_delete=models.SET_NULL, related_name="review_requests"
    )
    title = models.CharField(max_length=300, help_text="What is to be reviewed, kept when the draft is gone.")
    note = models.TextField("note for the Publisher", blank=True, help_text="Optional: what you changed and why.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("comment for the editor", blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__isnull=True) | models.Q(directory_draft__isnull=True),
                name="review_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=models.Q(status="waiting"), name="one_waiting_review_per_version"
            ),
            models.UniqueConstraint(
                fields=["directory_draft"],
                condition=models.Q(status="waiting"),
                name="one_waiting_review_per_directory_draft",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def is_page(self):
        return self.version_id is not None


class PublishConfirmation(models.Model):
    """A Publisher said "Publish anyway" to a draft the content checks had findings on (checks.py).

    For a page, the version published; for a directory entry (whose draft is gone once
    published), the entry's model and id.
    """

    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.CASCADE, related_name="publish_confirmations"
    )
    entry_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    entry_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=200, help_text="“2 problems, 3 suggestions”")
    findings = models.JSONField(default=list, help_text="Each finding's check, severity and where it is.")

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self):
        return f"{self.title}: published with {self.summary}"
