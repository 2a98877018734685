from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: health checks, a cache that survives Redis going away."""

    name = "safeguarding_site.ops"
    label = "ops"
    verbose_name = "Operations"
