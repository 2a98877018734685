"""The site's own name where editors meet it: the admin's header and titles, and the Site row.

django CMS shows the django.contrib.sites row's name and domain in the toolbar
and the page tree; Django creates that row as "example.com". Every `migrate`
writes ours from settings (SITE_NAME, SITE_DOMAIN), so a running site gets it too.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# Models whose names the packages make up from class names, so no catalogue can
# reword them: (app label, model class name) -> the name shown in the admin's lists.
MODEL_NAMES = {
    # djangocms-versioning's per-content proxy, "Page content versions" otherwise.
    ("djangocms_versioning", "PageContentVersion"): "Page versions",
}


class EditorsAdminSite(admin.AdminSite):
    """Django's admin site with the site's name instead of "Django administration"."""

    site_header = settings.SITE_NAME
    site_title = settings.SITE_NAME
    index_title = "What you can edit"

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                model["name"] = MODEL_NAMES.get((app["app_label"], model["object_name"]), model["name"])
        return app_list


class EditorsAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS (Django's documented way to use our own AdminSite)."""

    default_site = "safeguarding_site.editors.site_names.EditorsAdminSite"


def update_site_row(sender, using="default", **kwargs):
    """After every `migrate`: the Site row carries our domain and name, never example.com."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME}
    )
