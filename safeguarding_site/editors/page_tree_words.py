"""The page tree's filters in plain words.

django CMS's page tree filters (cms.admin.forms.ChangeListForm) take their
names from the field names ("Soft root", "In navigation"), which no catalogue
can reach; PageContentAdmin.changelist_form (a public attribute) names the form.
"""

from cms.admin.forms import ChangeListForm
from cms.models import PageContent
from django.contrib import admin

FILTER_LABELS = {
    "in_navigation": "In menus",
    "soft_root": "Start of its own menu",
}


class PlainChangeListForm(ChangeListForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in FILTER_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label


def plain_page_tree_filters(site=admin.site):
    registered = type(site.get_model_admin(PageContent))

    class PlainWordsPageContentAdmin(registered):
        changelist_form = PlainChangeListForm

    site.unregister(PageContent)
    site.register(PageContent, PlainWordsPageContentAdmin)
