from django.contrib.sitemaps import Sitemap

from .models import Service


class ServiceSitemap(Sitemap):
    """Each service's page in the directory, when the directory page is published."""

    changefreq = "monthly"

    def items(self):
        return [service for service in Service.objects.order_by("slug") if service.get_absolute_url()]

    def location(self, service):
        return service.get_absolute_url()

    def lastmod(self, service):
        return service.last_checked
