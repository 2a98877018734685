from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import EmergencyLine


def site(request):
    """Values the base template needs on every page: site name, exit, emergency line.

    The line is read when a template first shows it, once however many places do.
    """
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EXIT_PAGE_URL": settings.EXIT_PAGE_URL,
        "emergency_line": SimpleLazyObject(EmergencyLine.current),
    }
