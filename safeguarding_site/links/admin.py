from django.contrib import admin
from django.urls import path

from . import views
from .models import CheckedLink


@admin.register(CheckedLink)
class CheckedLinkAdmin(admin.ModelAdmin):
    """The link checker's records, to read: only the checker writes them."""

    list_display = ["url", "result", "problem", "checked_at", "consecutive_failures"]
    list_filter = ["result"]
    search_fields = ["url"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        check_page = self.admin_site.admin_view(lambda request: views.check_page(request, self.admin_site))
        return [path("check-page/", check_page, name="links_check_page"), *super().get_urls()]
