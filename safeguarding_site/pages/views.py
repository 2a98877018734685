from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .models import EmergencyLine


@require_safe
def robots_txt(request):
    """Let search engines index the public pages, not the admin, and find the sitemap."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def standalone_context():
    """What 500 and 503 pages show, with no database and no request context."""
    return {"exit_page_url": settings.EXIT_PAGE_URL, "line": EmergencyLine}


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The site's 500 page: like Django's, but with the exit control and 999 line."""
    html = loader.get_template(template_name).render(standalone_context())
    return HttpResponseServerError(html)
