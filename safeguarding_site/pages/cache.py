"""Keep cached pages right when something shown on them changes.

django CMS invalidates its caches when a page is published. These models are
shown on pages too (the emergency line and review dates in every page's frame,
directory cards inside placeholders), so a change to any of them clears the page
cache, and the placeholder caches of any placeholder holding a directory card.
"""

from cms.cache import invalidate_cms_page_cache
from cms.models import Placeholder
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from .fastpath import bump_content_version

# Shown in every page's frame (base template): clearing the page cache is enough.
FRAME_MODELS = ["pages.EmergencyLine", "editors.ReviewDates"]
# Rendered by directory plugins inside placeholders.
DIRECTORY_MODELS = [
    "directory.Service",
    "directory.ContactMethod",
    "directory.Situation",
    "directory.SituationService",
    "guidance.GuideStep",
]
DIRECTORY_PLUGINS = ["ServiceCardPluginPublisher", "SituationServicesPluginPublisher"]
# django CMS clears its own caches when these change; the anonymous fast path
# (fastpath.py) must hear of it too: publishing and unpublishing change a
# Version, moving or renaming a page changes Page and PageUrl.
PAGE_MODELS = ["cms.Page", "cms.PageUrl", "cms.PageContent", "djangocms_versioning.Version"]


def invalidate_page_cache(sender, **kwargs):
    invalidate_cms_page_cache()
    bump_content_version()


def invalidate_directory_placeholders(sender, **kwargs):
    placeholders = Placeholder.objects.filter(cmsplugin__plugin_type__in=DIRECTORY_PLUGINS).distinct()
    for placeholder in placeholders:
        for language, _name in settings.LANGUAGES:
            placeholder.clear_cache(language)
    invalidate_cms_page_cache()
    bump_content_version()


def connect():
    for label in PAGE_MODELS:
        post_save.connect(bump_content_version, sender=label, dispatch_uid=f"fastpath-{label}-save")
        post_delete.connect(bump_content_version, sender=label, dispatch_uid=f"fastpath-{label}-delete")
    for label in FRAME_MODELS:
        post_save.connect(invalidate_page_cache, sender=label, dispatch_uid=f"cache-{label}-save")
        post_delete.connect(invalidate_page_cache, sender=label, dispatch_uid=f"cache-{label}-delete")
    for label in DIRECTORY_MODELS:
        post_save.connect(invalidate_directory_placeholders, sender=label, dispatch_uid=f"cache-{label}-save")
        post_delete.connect(invalidate_directory_placeholders, sender=label, dispatch_uid=f"cache-{label}-delete")
