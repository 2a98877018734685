from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from safeguarding_site.directory.models import Situation


class SituationSitemap(Sitemap):
    """Each situation's "What should I do?" page, when that page is published."""

    changefreq = "monthly"

    def items(self):
        try:
            reverse("guidance:question")
        except NoReverseMatch:
            return []
        return list(Situation.objects.order_by("slug"))

    def location(self, situation):
        return reverse("guidance:situation", kwargs={"slug": situation.slug})
