from django.apps import AppConfig


class EditorsConfig(AppConfig):
    """What editors need: roles, review dates, scheduled publishing, the dashboard."""

    name = "safeguarding_site.editors"
    label = "editors"
    verbose_name = "Editors"
    default_auto_field = "django.db.models.BigAutoField"
