from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search over published pages, situations and services (/search/), with editors' synonyms."""

    name = "safeguarding_site.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from safeguarding_site.pages.cache import CONTENT_CHANGED

        # A change to the synonyms changes what searches find: like any visible change,
        # it moves the content version, which rebuilds each worker's index (index.py).
        post_save.connect(CONTENT_CHANGED, sender="search.Synonym", dispatch_uid="cache-search.Synonym-save")
        post_delete.connect(CONTENT_CHANGED, sender="search.Synonym", dispatch_uid="cache-search.Synonym-delete")
