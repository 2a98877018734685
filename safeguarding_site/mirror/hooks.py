"""Rebuild the mirror when anything a visitor sees changes, once the change is committed.

The same changes that move the content version (pages/cache.py). One build per
transaction, after it commits and before the request that made it returns:
each change asks for a build on commit, and the first of those callbacks to
run builds what is then committed, so the rest of that commit's have nothing
left to do. A rolled-back change's callback is dropped with it (Django's
on_commit). A change announced while a build runs (django CMS marks its URLs
changed at the end of a request, the build's own included) builds again.
Saving a draft builds nothing: visitors see it only once it is published.
"""

import logging
import threading
from functools import partial

from cms.signals import post_obj_operation
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from safeguarding_site.pages import cache as content_cache

from .build import build, enabled

log = logging.getLogger(__name__)
MAX_BUILDS_PER_CHANGE = 3


class BuildState(threading.local):
    """Per thread: each thread has its own database connection, so its own transactions."""

    def __init__(self):
        self.requested = 0  # builds asked for by this thread's changes so far
        self.done = 0  # the last of those a finished build covers
        self.building = False
        self.changed_while_building = False


STATE = BuildState()


def unseen(instance):
    """A draft's version or content saved: nothing visitors see until it is published (its Version saved again)."""
    from cms.models import PageContent
    from django.contrib.contenttypes.models import ContentType
    from djangocms_versioning.constants import ARCHIVED, DRAFT, PUBLISHED
    from djangocms_versioning.models import Version

    if isinstance(instance, Version):
        return instance.state in (DRAFT, ARCHIVED)
    if isinstance(instance, PageContent):
        content_type = ContentType.objects.get_for_model(instance)
        versions = Version.objects.filter(content_type=content_type, object_id=instance.pk)
        return versions.values_list("state", flat=True).first() != PUBLISHED
    return False


def content_changed(sender=None, **kwargs):
    if not enabled():
        return
    if kwargs.get("signal") is post_save and unseen(kwargs["instance"]):
        return  # an editor's draft: no build, so saving one stays quick
    if STATE.building:
        STATE.changed_while_building = True
        return
    STATE.requested += 1
    transaction.on_commit(partial(build_after_commit, STATE.requested), robust=True)


def build_after_commit(request_number):
    if request_number <= STATE.done:
        return  # an earlier callback of the same commit built it
    STATE.done = STATE.requested
    rebuild()


def rebuild():
    """Build now, again if something changed meanwhile. A failure leaves the mirror as it was, and is logged."""
    STATE.building = True
    report = None
    try:
        for _attempt in range(MAX_BUILDS_PER_CHANGE):
            STATE.changed_while_building = False
            report = build()
            log.info("Mirror built: %d pages in %.2f s", len(report.pages), report.seconds)
            if not STATE.changed_while_building:
                break
    except Exception:  # noqa: BLE001 - the change is committed; the Publisher's request must still answer
        log.exception("The mirror was not rebuilt: visitors get the previous one until the next change")
    finally:
        STATE.building = False
    return report


def connect():
    models = [*content_cache.PAGE_MODELS, *content_cache.FRAME_MODELS, *content_cache.DIRECTORY_MODELS]
    for label in models:
        post_save.connect(content_changed, sender=label, dispatch_uid=f"mirror-{label}-save")
        post_delete.connect(content_changed, sender=label, dispatch_uid=f"mirror-{label}-delete")
    post_obj_operation.connect(content_changed, dispatch_uid="mirror-cms-operation")
    content_cache.changed_without_model_signal.connect(content_changed, dispatch_uid="mirror-content-changed")
