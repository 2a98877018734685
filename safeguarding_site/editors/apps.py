from django.apps import AppConfig


class EditorsConfig(AppConfig):
    """What editors need: roles, review dates, scheduled publishing, the dashboard."""

    name = "safeguarding_site.editors"
    label = "editors"
    verbose_name = "Editors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.signals import post_obj_operation, post_placeholder_operation, pre_placeholder_operation
        from django.db.models.signals import post_migrate, pre_delete
        from djangocms_versioning.signals import post_version_operation

        from . import page_content_words, publish_checks, review, schedule_guard, version_list
        from .draft_locks import take_an_unlocked_draft
        from .site_names import update_site_row

        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="editors-sync-roles")
        post_migrate.connect(update_site_row, sender=self, dispatch_uid="editors-site-row")
        # A change to a scheduled draft cancels its schedule.
        # Before the operation, so the message goes out with the plugin form's answer; after, as a fallback.
        pre_placeholder_operation.connect(schedule_guard.placeholder_changed, dispatch_uid="editors-schedule-guard")
        post_placeholder_operation.connect(schedule_guard.placeholder_changed, dispatch_uid="editors-schedule-guard")
        post_obj_operation.connect(schedule_guard.page_changed, dispatch_uid="editors-schedule-guard")
        # The version list says which version is scheduled (djangocms-versioning has registered it by now).
        version_list.show_schedules()
        # The page tree's filters, and pages named by title, in plain words.
        page_content_words.plain_page_content_admin()
        # Its Publish asks first when the content checks found something (publish_checks.py).
        publish_checks.confirm_publishing_with_findings()
        # A review request ends with its draft, however the draft is published or discarded.
        post_version_operation.connect(review.version_changed, dispatch_uid="editors-review-version")
        pre_delete.connect(
            review.directory_draft_deleted, sender="directory.DirectoryDraft", dispatch_uid="editors-review-draft"
        )
        # The first person to change a draft a Publisher unlocked holds it.
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
