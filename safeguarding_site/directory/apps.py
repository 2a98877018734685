from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The signposting directory: services, the situations they help with, and where they show."""

    name = "safeguarding_site.directory"
    label = "directory"
    verbose_name = "Signposting directory"
    default_auto_field = "django.db.models.BigAutoField"
