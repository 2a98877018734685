from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .frame import site_tree
from .models import EmergencyLine


def site(request):
    """Values the base template needs on every page: site name, exit, emergency line.

    The line is read when a template first shows it, once however many places do:
    with the page tree, which every page's frame reads anyway (frame.py), or on
    its own when there is no published page to read it with.
    """

    def emergency_line():
        return site_tree(request, get_language()).emergency_line or EmergencyLine.current()

    return {
        "SITE_NAME": settings.SITE_NAME,
        "EXIT_PAGE_URL": settings.EXIT_PAGE_URL,
        "emergency_line": SimpleLazyObject(emergency_line),
    }
