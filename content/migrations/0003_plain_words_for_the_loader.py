"""The starting content's author and history comment, in editors' words, on sites loaded before.

The loader now records its versions as "Starting content (Home Office guide)"
with the comment "Starting content, from the Home Office guide" (content/loader.py);
this renames the account and rewords the comments a running site already has, so
the loader keeps finding its one account and editors read the same words everywhere.
"""

from django.conf import settings
from django.db import migrations

OLD = {"username": "content-loader", "first_name": "Content", "last_name": "loader"}
NEW = {"username": "Starting content (Home Office guide)", "first_name": "Starting", "last_name": "content"}
OLD_COMMENT, NEW_COMMENT = "Starting content, loaded by load_content", "Starting content, from the Home Office guide"


def reword(apps, schema_editor, old=OLD, new=NEW, old_comment=OLD_COMMENT, new_comment=NEW_COMMENT):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if not user_model.objects.filter(username=new["username"]).exists():
        user_model.objects.filter(username=old["username"]).update(**new)
    apps.get_model("reversion", "Revision").objects.filter(comment=old_comment).update(comment=new_comment)
    # django CMS keeps the name itself (page tree: "Changed by"), not a link to the account.
    for model in (apps.get_model("cms", "Page"), apps.get_model("cms", "PageContent")):
        model.objects.filter(created_by=old["username"]).update(created_by=new["username"])
        model.objects.filter(changed_by=old["username"]).update(changed_by=new["username"])


def reword_back(apps, schema_editor):
    reword(apps, schema_editor, NEW, OLD, NEW_COMMENT, OLD_COMMENT)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_directory_and_steps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("cms", "0045_pageurl_site_unique_path"),
    ]

    operations = [migrations.RunPython(reword, reword_back)]
