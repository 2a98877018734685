from django.conf import settings

from .models import EmergencyLine


def site(request):
    """Values the base template needs on every page: site name, exit, emergency line."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EXIT_PAGE_URL": settings.EXIT_PAGE_URL,
        "emergency_line": EmergencyLine.current,
    }
