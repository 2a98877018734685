from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool
from django.urls import reverse


@toolbar_pool.register
class DirectoryToolbar(CMSToolbar):
    """A "Directory" menu on every page for editors who may change it.

    Not limited to the directory's own pages (is_current_app): an editor reading
    a guide page that shows a service card needs to reach that service too.
    """

    def populate(self):
        user = self.request.user
        if not user.has_perm("directory.change_service"):
            return
        menu = self.toolbar.get_or_create_menu("directory-menu", "Directory")
        menu.add_sideframe_item("Services", url=reverse("admin:directory_service_changelist"))
        menu.add_sideframe_item(
            "Services due a check", url=reverse("admin:directory_service_changelist") + "?check=due"
        )
        if user.has_perm("directory.change_situation"):
            menu.add_sideframe_item("Situations", url=reverse("admin:directory_situation_changelist"))
        if user.has_perm("directory.view_directorydraft"):
            menu.add_sideframe_item(
                "Drafts waiting to be published", url=reverse("admin:directory_directorydraft_changelist")
            )
