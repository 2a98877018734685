from django.apps import AppConfig


class EditorsConfig(AppConfig):
    """What editors need: roles, review dates, scheduled publishing, the dashboard."""

    name = "safeguarding_site.editors"
    label = "editors"
    verbose_name = "Editors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_delete
        from djangocms_versioning.signals import post_version_operation

        from . import review

        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="editors-sync-roles")
        post_version_operation.connect(review.version_changed, dispatch_uid="editors-review-version")
        pre_delete.connect(
            review.directory_draft_deleted, sender="directory.DirectoryDraft", dispatch_uid="editors-review-draft"
        )


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """Every `migrate` leaves the Editor and Publisher groups exactly as editors/roles.py says."""
    from cms.models import GlobalPagePermission
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_roles

    sync_roles(
        Group.objects.db_manager(using).model,
        Permission,
        strict=False,
        global_page_permission_model=GlobalPagePermission,
    )
