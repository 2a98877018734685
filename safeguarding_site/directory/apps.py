from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The signposting directory: services, the situations they help with, and where they show."""

    name = "safeguarding_site.directory"
    label = "directory"
    verbose_name = "Signposting directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import reversion

        from .models import ContactMethod, Service, Situation, SituationService

        # History (django-reversion): a service is versioned with its contact methods
        # and the situations it is listed under, a situation with its list of services,
        # so reverting or recovering one brings back the whole entry as it was.
        reversion.register(Service, follow=("contact_methods", "situation_links"))
        reversion.register(ContactMethod)
        reversion.register(Situation, follow=("service_links",))
        reversion.register(SituationService)
