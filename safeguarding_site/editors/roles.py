"""The two editorial roles and exactly the permissions each needs.

Editor: create and change drafts of pages (and their plugins), directory entries
and guidance steps; see versions and compare them. Publisher: everything an
Editor can do, plus publish, unpublish, restore and schedule (and publish or
discard drafts of directory entries, whose own changes are live at once), and
every change that is live at once: moving pages, the home page, a page's
advanced settings (its application, its id), the emergency line, recording a
page's review (its footer's dates), unlocking a draft someone else holds,
the search's synonyms.

Django's permissions cannot tell these apart for pages (``cms.change_page``
covers editing a draft, moving the page and its advanced settings alike), so
django CMS's own page permissions (CMS_PERMISSION, one global page permission
per group: PAGE_PERMISSIONS) say which page actions each role has.

Used by the data migration that creates the groups and by `manage.py
sync_roles`, so both stay in step when a new plugin or model arrives.
"""

EDITOR = "Editor"
PUBLISHER = "Publisher"

EDITOR_PERMISSIONS = [
    # Pages: drafts, structure and content editing
    # (django CMS keeps no separate permissions for page contents or placeholders.)
    "cms.view_page", "cms.add_page", "cms.change_page",
    "cms.use_structure",
    "cms.view_cmsplugin", "cms.add_cmsplugin", "cms.change_cmsplugin", "cms.delete_cmsplugin",
    "djangocms_text.add_text", "djangocms_text.change_text", "djangocms_text.delete_text", "djangocms_text.view_text",
    "pages.add_updatenote", "pages.change_updatenote", "pages.delete_updatenote", "pages.view_updatenote",
    "directory.add_servicecardpluginmodel", "directory.change_servicecardpluginmodel",
    "directory.delete_servicecardpluginmodel", "directory.view_servicecardpluginmodel",
    "directory.add_situationservicespluginmodel", "directory.change_situationservicespluginmodel",
    "directory.delete_situationservicespluginmodel", "directory.view_situationservicespluginmodel",
    # Versions: create drafts, see history, compare. The version list and the
    # compare view check the per-content proxy model (PageContentVersion).
    "djangocms_versioning.view_version", "djangocms_versioning.add_version", "djangocms_versioning.change_version",
    "djangocms_versioning.view_pagecontentversion", "djangocms_versioning.change_pagecontentversion",
    # Directory entries and guidance steps
    "directory.view_service", "directory.add_service", "directory.change_service",
    "directory.view_contactmethod", "directory.add_contactmethod", "directory.change_contactmethod",
    "directory.delete_contactmethod",
    "directory.view_situation", "directory.add_situation", "directory.change_situation",
    "directory.view_situationservice", "directory.add_situationservice", "directory.change_situationservice",
    "directory.delete_situationservice",
    "guidance.view_guidestep", "guidance.add_guidestep", "guidance.change_guidestep", "guidance.delete_guidestep",
    # An Editor's changes to directory entries and steps are drafts (directory/drafts.py)
    "directory.view_directorydraft",
    # Review dates and the emergency line only to read: both are live at once
    # (every page's footer says when it was last reviewed; the line is on every page).
    "editors.view_reviewdates",
    "pages.view_emergencyline",
    # The search's synonyms only to read: a change is live in every search at once.
    "search.view_synonym",
    # The link checker's findings (the dashboard lists broken links).
    "links.view_checkedlink",
]  # fmt: skip

PUBLISHER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "cms.publish_page",
    "cms.delete_page",
    "pages.change_emergencyline",
    "editors.add_reviewdates", "editors.change_reviewdates",
    "editors.delete_reviewdates",  # deleting a page never published deletes its review dates too
    # Unlock a draft another editor holds (djangocms-versioning's version locking).
    "djangocms_versioning.delete_versionlock",
    "directory.delete_service", "directory.delete_situation",
    "directory.publish_directorydraft",
    "editors.view_publicationschedule", "editors.add_publicationschedule",
    "editors.change_publicationschedule", "editors.delete_publicationschedule",
    "search.add_synonym", "search.change_synonym", "search.delete_synonym",
    # Check a page's links from the editor (it requests other sites and records what they answer).
    "links.check_links",
]  # fmt: skip

ROLES = {EDITOR: EDITOR_PERMISSIONS, PUBLISHER: PUBLISHER_PERMISSIONS}

# django CMS's page actions per role (a GlobalPagePermission for each group, all sites).
PAGE_PERMISSIONS = {
    EDITOR: {
        "can_add": True,  # a new page is a draft until a Publisher publishes it
        "can_change": True,  # drafts; page settings of a draft (its web address changes on publishing)
        "can_view": True,
        "can_delete": False,
        "can_publish": False,
        "can_change_advanced_settings": False,  # application, id, sign-in: live at once
        "can_change_permissions": False,
        "can_move_page": False,  # live at once: the page and its pages below change address
        "can_recover_page": False,
    },
    PUBLISHER: {
        "can_add": True,
        "can_change": True,
        "can_view": True,
        "can_delete": True,  # only pages never published (editors/page_admin.py)
        "can_publish": True,
        "can_change_advanced_settings": True,
        "can_change_permissions": False,
        "can_move_page": True,
        "can_recover_page": False,
    },
}


def sync_page_permissions(group_model, global_page_permission_model):
    """Give each group exactly its global page permission (PAGE_PERMISSIONS), for every site."""
    for name, actions in PAGE_PERMISSIONS.items():
        group = group_model.objects.get(name=name)
        permissions = global_page_permission_model.objects.filter(group=group, user=None)
        permission = permissions.order_by("pk").first()
        if permission is None:
            permission = global_page_permission_model(group=group)
        for action, allowed in actions.items():
            setattr(permission, action, allowed)
        permission.save()
        permission.sites.clear()  # none: every site
        permissions.exclude(pk=permission.pk).delete()


def sync_roles(group_model, permission_model, strict=True, global_page_permission_model=None):
    """Create or update both groups so they hold exactly their permissions.

    Returns the permissions that do not exist yet. Some (djangocms-versioning's
    proxy models') are only created after all migrations have run, so the data
    migration syncs leniently and a post_migrate handler syncs again, with the
    groups' page permissions.
    """
    missing = set()
    for name, codenames in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                missing.add(dotted)
                continue
            permissions.append(permission)
        group.permissions.set(permissions)
    if global_page_permission_model is not None:
        sync_page_permissions(group_model, global_page_permission_model)
    if missing and strict:
        raise LookupError(f"Permissions that do not exist (has every app been migrated?): {sorted(missing)}")
    return missing
