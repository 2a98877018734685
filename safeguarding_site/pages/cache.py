"""Keep cached pages right when something shown on them changes.

Every change to anything a visitor sees changes the content version, so the
anonymous fast path (fastpath.py) renders each page afresh: pages (publishing,
unpublishing, moving, renaming), the emergency line and review dates in every
page's frame, and the directory and the "What should I do?" steps shown inside
pages. (django CMS's own page and placeholder caches are off: settings.py.)

Twice: at once, and again when the transaction commits. The second time is the
one that matters. Between a save and its commit, a visitor's request on another
worker may read the new content version, render the page from the database as
it still is (the change is not committed, so not visible to it) and store that
old page under the new version, where it would be served as current until the
next change. Invalidating again after the commit leaves any such copy behind
under a version no request asks for. (The first time keeps the behaviour
within one connection, and in tests whose transaction never commits.)
"""

from cms.signals import post_obj_operation
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from .fastpath import bump_content_version

# Publishing and unpublishing change a Version; moving or renaming a page
# changes Page and PageUrl. Attaching an app to a page changes django CMS's URL
# revision, which ApphookReloadMiddleware (middleware.py) checks only when the
# content version has moved.
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
