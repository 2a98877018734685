from cms.models import GlobalPagePermission
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from safeguarding_site.editors.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Reset the Editor and Publisher groups to exactly the permissions in editors/roles.py."

    def handle(self, *args, **options):
        sync_roles(Group, Permission, strict=True, global_page_permission_model=GlobalPagePermission)
        for name, permissions in ROLES.items():
            self.stdout.write(f"{name}: {len(permissions)} permissions")
