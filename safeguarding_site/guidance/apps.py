from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """ "What should I do?": from a visitor's situation to its steps by stage and whom to call."""

    name = "safeguarding_site.guidance"
    label = "guidance"
    verbose_name = "What should I do?"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import reversion

        from safeguarding_site.directory.models import Situation

        from .models import GuideStep

        # A situation's history includes its steps too (the directory app registered it
        # with its services; it is edited in one admin page with both).
        reversion.register(GuideStep)
        reversion.unregister(Situation)
        reversion.register(Situation, follow=("service_links", "steps"))
