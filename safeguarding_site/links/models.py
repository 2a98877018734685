from django.db import models


class CheckedLink(models.Model):
    """An external web address used in published content, and what happened when it was last checked.

    Written by the link checker (``manage.py check_links``, checker.py); ``used_on``
    is worked out afresh at each check, so the dashboard can say where to fix it.
    """

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    RESULT_CHOICES = [(OK, "Works"), (REDIRECTED, "Goes somewhere else"), (BROKEN, "Broken")]

    url = models.URLField("web address", max_length=2000, unique=True)
    checked_at = models.DateTimeField("last checked")
    result = models.CharField(max_length=20, choices=RESULT_CHOICES)
    status_code = models.PositiveSmallIntegerField("answer code", null=True, blank=True)
    final_url = models.URLField(
        "where it ends up", max_length=2000, blank=True, help_text="Where the address sends visitors, if elsewhere."
    )
    moved_for_good = models.BooleanField(
        default=False, help_text="The site says the page has moved for good: use the new address instead."
    )
    problem = models.CharField(max_length=300, blank=True, help_text="What went wrong, in plain words.")
    consecutive_failures = models.PositiveIntegerField("failed checks in a row", default=0)
    used_on = models.JSONField(
        default=list, blank=True, help_text="The pages, steps and services that use it: [{kind, title, url}]."
    )

    class Meta:
        ordering = ["url"]
        verbose_name = "checked link"
        permissions = [("check_links", "Can check the links on a page")]

    def __str__(self):
        return self.url

    @property
    def in_words(self):
        """The result as an editor reads it."""
        if self.result == self.BROKEN:
            return f"Broken: {self.problem}"
        if self.result == self.REDIRECTED:
            advice = " It has moved for good: use the new address." if self.moved_for_good else ""
            return f"Works, but goes to {self.final_url}.{advice}"
        return "Works"
