from django.apps import AppConfig


class EditorsConfig(AppConfig):
    """What editors need: roles, review dates, scheduled publishing, the dashboard."""

    name = "safeguarding_site.editors"
    label = "editors"
    verbose_name = "Editors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.signals import pre_placeholder_operation
        from django.db.models.signals import post_migrate

        from .draft_locks import take_an_unlocked_draft

        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="editors-sync-roles")
        pre_placeholder_operation.connect(take_an_unlocked_draft, dispatch_uid="editors-take-unlocked-draft")


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
