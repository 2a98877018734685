from django.apps import AppConfig


class LinksConfig(AppConfig):
    """The link checker: every external link in published content, checked nightly and on demand."""

    name = "safeguarding_site.links"
    label = "links"
    verbose_name = "Links"
    default_auto_field = "django.db.models.BigAutoField"
