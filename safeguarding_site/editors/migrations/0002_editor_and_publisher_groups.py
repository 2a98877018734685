"""Create the Editor and Publisher groups with exactly the permissions they need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_APPS = ["cms", "djangocms_text", "djangocms_versioning", "directory", "guidance", "pages", "editors"]


def create_groups(apps, schema_editor):
    from safeguarding_site.editors.roles import sync_roles

    # Permissions are normally created after all migrations have run; create
    # them now for the apps the roles refer to.
    for label in ROLE_APPS:
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module; create_permissions
        # only checks that it is set.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    # Lenient: the versioning proxies' permissions come after all migrations;
    # EditorsConfig's post_migrate handler completes the groups then.
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), strict=False)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cms", "0045_pageurl_site_unique_path"),
        ("djangocms_text", "0004_remove_old_ckeditor_table"),
        ("djangocms_versioning", "0018_fix_typo"),
        ("directory", "0001_initial"),
        ("guidance", "0001_initial"),
        ("pages", "0002_emergency_line"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
