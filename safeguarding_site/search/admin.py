from django.contrib import admin, messages
from reversion.admin import VersionAdmin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(VersionAdmin):
    """Publishers keep the list; Editors may read it. Each change is kept in its history (django-reversion)."""

    list_display = ["words"]
    search_fields = ["words"]
    fields = ["words"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and not self.has_change_permission(request):
            messages.info(
                request,
                "Only a Publisher can change these words. A change shows in every search at once."
                " Ask a Publisher if they need changing.",
            )
        return super().changeform_view(request, object_id, form_url, extra_context)
