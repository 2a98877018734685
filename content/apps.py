from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The site's starting content, as reviewable files, and the command that loads it."""

    name = "content"
    verbose_name = "Starting content"
    default_auto_field = "django.db.models.BigAutoField"
