from django.db import models


class LoadRecord(models.Model):
    """Remembers that the loader created something, so it never creates it again.

    Without this, a page an editor deliberately deleted would come back the next
    time ``make run`` loads the starting content.
    """

    PAGE = "page"
    SERVICE = "service"
    SITUATION = "situation"
    STEPS = "steps"
    KIND_CHOICES = [
        (PAGE, "Page"),
        (SERVICE, "Directory service"),
        (SITUATION, "Directory situation"),
        (STEPS, "Steps for a situation"),
    ]

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    key = models.CharField(max_length=200)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_load_record")]
        ordering = ["loaded_at"]

    def __str__(self):
        return f"{self.kind} {self.key}"
