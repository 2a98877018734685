from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """ "What should I do?": from a visitor's situation to numbered steps and whom to call."""

    name = "safeguarding_site.guidance"
    label = "guidance"
    verbose_name = "What should I do?"
    default_auto_field = "django.db.models.BigAutoField"
