from django.apps import AppConfig


class PagesConfig(AppConfig):
    """What every page has: layout context, guide navigation, update notes."""

    name = "safeguarding_site.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import cache, guide_parts

        cache.connect()
        guide_parts.connect()
