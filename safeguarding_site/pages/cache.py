"""Keep cached pages right when something shown on them changes.

django CMS invalidates its caches when a page is published. These models are
shown on pages too (the emergency line and review dates in every page's frame,
directory cards inside placeholders), so a change to any of them clears the page
cache, and the placeholder caches of any placeholder holding a directory card.

Twice: at once, and again when the transaction commits. The second time is the
one that matters. Between a save and its commit, a visitor's request on another
worker may read the new content version, render the page from the database as
it still is (the change is not committed, so not visible to it) and store that
old page under the new version, where it would be served as current until the
next change. Invalidating again after the commit leaves any such copy behind
under a version no request asks for. (The first time keeps the behaviour
within one connection, and in tests whose transaction never commits.)
"""

from cms.cache import invalidate_cms_page_cache
from cms.models import Placeholder
from django.conf import settings
from django.db import transaction
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


def now_and_on_commit(invalidate):
    def handler(sender, **kwargs):
        invalidate()
        transaction.on_commit(invalidate, robust=True)

    handler.__name__ = handler.__qualname__ = f"{invalidate.__name__}_now_and_on_commit"
    return handler


def invalidate_page_cache():
    invalidate_cms_page_cache()
    bump_content_version()


def invalidate_directory_placeholders():
    placeholders = Placeholder.objects.filter(cmsplugin__plugin_type__in=DIRECTORY_PLUGINS).distinct()
    for placeholder in placeholders:
        for language, _name in settings.LANGUAGES:
            placeholder.clear_cache(language)
    invalidate_cms_page_cache()
    bump_content_version()


# Signal receivers are held weakly by default: these are made here, so hold them.
PAGE_CHANGED = now_and_on_commit(invalidate_page_cache)
DIRECTORY_CHANGED = now_and_on_commit(invalidate_directory_placeholders)


def connect():
    # django CMS clears its own page cache on publish, but before the commit: ours
    # clears it again afterwards (see the module docstring).
    for label in [*PAGE_MODELS, *FRAME_MODELS]:
        post_save.connect(PAGE_CHANGED, sender=label, dispatch_uid=f"cache-{label}-save")
        post_delete.connect(PAGE_CHANGED, sender=label, dispatch_uid=f"cache-{label}-delete")
    for label in DIRECTORY_MODELS:
        post_save.connect(DIRECTORY_CHANGED, sender=label, dispatch_uid=f"cache-{label}-save")
        post_delete.connect(DIRECTORY_CHANGED, sender=label, dispatch_uid=f"cache-{label}-delete")
