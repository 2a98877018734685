"""Unlocking a draft someone holds: offered to Publishers only, and the email names the site.

djangocms-versioning's unlock view needs the delete_versionlock permission
(only Publishers have it: roles.py), but its Version.check_unlock, which decides
whether the version list, the toolbar and the lock menu offer "Unlock", does not
ask about it, so Editors were offered a button that was then refused. Its email
to the draft's author is titled "[Django CMS] ..." in code, with no setting or
template for the subject, so the view sends ours (its body is still the
package's template, djangocms_versioning/emails/unlock-notification.txt).
"""

from cms.toolbar.utils import get_object_preview_url
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import redirect
from djangocms_versioning import conf
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.emails import get_full_url
from djangocms_versioning.exceptions import ConditionFailed
from djangocms_versioning.helpers import remove_version_lock, send_email, version_list_url
from djangocms_versioning.models import Version

UNLOCK_PERMISSION = "djangocms_versioning.delete_versionlock"
# djangocms-versioning's own refusal, so the words stay the same wherever it is met.
REFUSED = "You do not have permission to remove the version lock"
# A documented CSS class of the admin's action buttons (cms.admin.utils.admin_action_button's `name`).
UNLOCK_BUTTON_CLASS = "cms-action-unlock"


def may_unlock(version, user):
    if not user.has_perm(UNLOCK_PERMISSION):
        raise ConditionFailed("Only a Publisher can unlock a draft.")


def offer_unlock_to_publishers_only():
    """Version.check_unlock is a list of conditions (djangocms_versioning.conditions.Conditions)."""
    if may_unlock not in Version.check_unlock:
        Version.check_unlock += [may_unlock]


def without_refused_unlock(action):
    """A version list action that shows no Unlock button to someone who may not unlock."""

    def button(version, request, *args, **kwargs):
        html = action(version, request, *args, **kwargs)
        if UNLOCK_BUTTON_CLASS in html and not version.check_unlock.as_bool(request.user):
            return ""
        return html

    return button


def unlock_subject(version):
    return f"Unlocked: your draft of “{version.content.title}” on {settings.SITE_NAME}"


def tell_the_holder(version, holder, unlocking_user):
    """The email djangocms-versioning sends, to whoever held the draft, under the site's name."""
    if holder is None or holder == unlocking_user or not holder.email:
        return 0
    return send_email(
        recipients=[holder.email],
        subject=unlock_subject(version),
        template="unlock-notification.txt",
        template_context={
            "version_link": get_full_url(get_object_preview_url(version.content)),
            "by_user": unlocking_user.get_full_name() or unlocking_user.get_username(),
        },
    )


def unlock_view(model_admin, request, object_id):
    """djangocms-versioning's VersionAdmin.unlock_view, with the email above."""
    if not conf.LOCK_VERSIONS:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "This view only supports POST method.")
    version = model_admin.get_object(request, unquote(object_id))
    if version is None or version.state != DRAFT:
        raise Http404
    if not request.user.has_perm(UNLOCK_PERMISSION):
        return HttpResponseForbidden(REFUSED)
    holder = version.locked_by or version.created_by
    remove_version_lock(version)
    messages.success(request, "Version unlocked")
    tell_the_holder(version, holder, request.user)
    return redirect(version_list_url(version.content))
