from django.apps import AppConfig


class MirrorConfig(AppConfig):
    """Every public page written as files when anything a visitor sees changes (docs/mirror.md)."""

    name = "safeguarding_site.mirror"
    label = "mirror"
    verbose_name = "Mirror"

    def ready(self):
        from . import hooks

        hooks.connect()
