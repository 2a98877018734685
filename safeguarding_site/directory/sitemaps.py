from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from .models import Service, Situation


class ServiceSitemap(Sitemap):
    """Each service's page in the directory, when the directory page is published."""

    changefreq = "monthly"

    def items(self):
        return [service for service in Service.objects.order_by("slug") if service.get_absolute_url()]

    def location(self, service):
        return service.get_absolute_url()

    def lastmod(self, service):
        return service.last_checked


def filter_paths():
    """/get-help/for/<situation>/ for every situation, when the directory page is published.

    For the mirror (mirror/build.py), not the sitemap: each is the directory
    narrowed to a situation whose own "What should I do?" page the sitemap lists,
    so search engines are given that page rather than near-copies of the directory.
    """
    try:
        reverse("directory:index")
    except NoReverseMatch:
        return []
    return [
        reverse("directory:situation", kwargs={"slug": slug})
        for slug in Situation.objects.values_list("slug", flat=True)
    ]
