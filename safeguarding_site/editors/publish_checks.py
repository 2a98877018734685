"""djangocms-versioning's publish (the toolbar's Publish button, the version list) asks first when a draft has findings.

The page versions' admin is extended the way version_list.py extends it (djangocms-versioning's
docs, "The Admin with Versioning"): its ``publish_view`` shows the content checks' findings with
"Publish anyway" (checks.confirmation) before publishing, and records the confirmation after.
Whoever may not publish gets djangocms-versioning's own refusal, unchanged.
"""

from cms.models import PageContent
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from djangocms_versioning import versionables
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.helpers import version_list_url

from . import checks


def confirm_publishing_with_findings(site=admin.site):
    proxy = versionables.for_content(PageContent).version_model_proxy
    registered = type(site.get_model_admin(proxy))

    class CheckedPublishVersionAdmin(registered):
        def publish_view(self, request, object_id):
            version = self.get_object(request, unquote(object_id)) if request.method == "POST" else None
            if version is None or not version.can_be_published() or not version.check_publish.as_bool(request.user):
                return super().publish_view(request, object_id)
            report = checks.version_report(version)
            title = version.content.title
            if asked := checks.confirmation(request, report, title, version_list_url(version.content)):
                return asked
            with transaction.atomic():
                response = super().publish_view(request, object_id)
                if type(version).objects.filter(pk=version.pk, state=PUBLISHED).exists():
                    checks.record(request.user, report, title, version=version)
            return response

    site.unregister(proxy)
    site.register(proxy, CheckedPublishVersionAdmin)
