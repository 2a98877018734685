"""Announce a change to anything a visitor sees: the mirror rebuilds, search re-indexes.

Pages (publishing, unpublishing, moving, renaming), the emergency line and
review dates in every page's frame, and the directory and the "What should I
do?" steps shown inside pages. The mirror listens to the same models
(mirror/hooks.py); each worker's search index (search/index.py) is rebuilt
when the content version, a token in the shared cache, has moved.

The version changes twice: at once, and again when the transaction commits,
so an index built between a save and its commit (from the old rows) is not
kept as current. (The first keeps the behaviour within one connection, and in
tests whose transaction never commits.)
"""

import uuid

from cms.signals import post_obj_operation
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

CONTENT_VERSION_KEY = "site:content-version"


def content_version():
    """The current content version token (created if there is none), or None when the shared cache is down."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def bump_content_version():
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)


# Publishing and unpublishing change a Version; moving or renaming a page
# changes Page and PageUrl; attaching an app to a page, django CMS's URL revision.
PAGE_MODELS = [
    "cms.Page",
    "cms.PageUrl",
    "cms.PageContent",
    "cms.UrlconfRevision",
    "djangocms_versioning.Version",
]
# Shown in every page's frame (base template).
FRAME_MODELS = ["pages.EmergencyLine", "editors.ReviewDates"]
# Shown by the directory's and the guidance's pages and plugins.
DIRECTORY_MODELS = [
    "directory.Service",
    "directory.ContactMethod",
    "directory.Situation",
    "directory.SituationService",
    "guidance.GuideStep",
]


def now_and_on_commit(invalidate):
    def handler(sender, **kwargs):
        invalidate()
        transaction.on_commit(invalidate, robust=True)

    handler.__name__ = handler.__qualname__ = f"{invalidate.__name__}_now_and_on_commit"
    return handler


# Signal receivers are held weakly by default: this one is made here, so hold it.
CONTENT_CHANGED = now_and_on_commit(bump_content_version)
# Sent by content_changed(), so others who rebuild on a change (the mirror) hear these too.
changed_without_model_signal = Signal()


def content_changed():
    """For changes no model signal announces (django CMS's "set as home" updates the tree in bulk)."""
    CONTENT_CHANGED(sender=None)
    changed_without_model_signal.send(sender=None)


def connect():
    for label in [*PAGE_MODELS, *FRAME_MODELS, *DIRECTORY_MODELS]:
        post_save.connect(CONTENT_CHANGED, sender=label, dispatch_uid=f"cache-{label}-save")
        post_delete.connect(CONTENT_CHANGED, sender=label, dispatch_uid=f"cache-{label}-delete")
    # Every page operation django CMS announces (moves, copies, deletes, settings).
    post_obj_operation.connect(CONTENT_CHANGED, dispatch_uid="cache-cms-operation")
