from django.contrib import admin

from .models import EmergencyLine


@admin.register(EmergencyLine)
class EmergencyLineAdmin(admin.ModelAdmin):
    """One row: editors change its wording; nobody can delete it."""

    fields = ["danger_text", "advice_text"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not EmergencyLine.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
