from cms.models import CMSPlugin
from django.db import models
from djangocms_text.fields import HTMLField


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
