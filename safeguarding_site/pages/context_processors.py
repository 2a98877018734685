from django.conf import settings


def site(request):
    """Values the base template needs on every page, with no database access."""
    return {"SITE_NAME": settings.SITE_NAME}
