from django.apps import AppConfig


class PagesConfig(AppConfig):
    """What every page has: layout context, guide navigation, update notes."""

    name = "safeguarding_site.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from django.core import checks as system_checks

        from . import cache, checks, guide_parts

        # A deployment check: `manage.py check --deploy` (each deploy) runs it.
        system_checks.register(checks.organisation_details, "organisation", deploy=True)

        cache.connect()
        guide_parts.connect()
