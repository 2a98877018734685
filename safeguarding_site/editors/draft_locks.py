"""After a Publisher unlocks a page's draft, the first editor to change it holds it.

djangocms-versioning locks a draft to whoever opens it with the toolbar's Edit,
but only when Edit is pressed on the draft itself: from the published page
(where editors usually are) it leaves the draft unlocked, so two editors could
again save over each other. Every change to a draft's content is announced by
django CMS (pre_placeholder_operation, before it is made): an unlocked draft
becomes the changer's, and the other editor's next save is refused.
"""

from cms.models import Placeholder
from djangocms_versioning import conf
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.helpers import create_version_lock
from djangocms_versioning.models import Version

PLACEHOLDER_ARGUMENTS = ("placeholder", "source_placeholder", "target_placeholder")


def take_an_unlocked_draft(sender, request, **kwargs):
    if not conf.LOCK_VERSIONS or not request.user.is_authenticated:
        return
    for name in PLACEHOLDER_ARGUMENTS:
        placeholder = kwargs.get(name)
        if not isinstance(placeholder, Placeholder) or placeholder.source is None:
            continue
        try:
            version = Version.objects.get_for_content(placeholder.source)  # as it is now, not as cached
        except (KeyError, Version.DoesNotExist):
            continue  # not versioned content (a static placeholder)
        if version.state == DRAFT and version.locked_by_id is None:
            create_version_lock(version, request.user)
