from django.contrib import admin, messages

from .models import EmergencyLine


@admin.register(EmergencyLine)
class EmergencyLineAdmin(admin.ModelAdmin):
    """One row: editors change its wording; nobody can delete it."""

    fields = ["danger_text", "advice_text"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not EmergencyLine.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_change_permission(request):
            # Editors may read it (editors/roles.py): say why they cannot change it.
            messages.info(
                request,
                "Only a Publisher can change this line: it shows on every page the moment it is saved."
                " Ask a Publisher if it needs changing.",
            )
        return super().change_view(request, object_id, form_url, extra_context)
