"""django CMS's page content admin in plain words: the page tree's filters, and pages named by title.

django CMS's page tree filters (cms.admin.forms.ChangeListForm) take their
names from the field names ("Soft root", "In navigation"), which no catalogue
can reach; PageContentAdmin.changelist_form (a public attribute) names the form.

A page's content is named "<title> (en)" (PageContent.__str__): the site has one
language, so its "was added" and "was changed" messages and its history screen
name the page by its title alone.
"""

import re

from cms.admin.forms import ChangeListForm
from cms.models import PageContent
from django.conf import settings
from django.contrib import admin
from django.utils.safestring import SafeData, mark_safe

# " (en)" where django CMS puts it: at the end of a name, or of a name in a link or bold.
LANGUAGE_CODES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
LANGUAGE_SUFFIX = re.compile(rf" \((?:{LANGUAGE_CODES})\)(?=</a>|</b>|$)")


def without_language(text):
    """A name or message without django CMS's language code after the page's title."""
    plain = LANGUAGE_SUFFIX.sub("", str(text))
    return mark_safe(plain) if isinstance(text, SafeData) else plain  # only text was taken out


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


def plain_page_content_admin(site=admin.site):
    registered = type(site.get_model_admin(PageContent))

    class PlainWordsPageContentAdmin(registered):
        changelist_form = PlainChangeListForm

        def message_user(self, request, message, *args, **kwargs):
            super().message_user(request, without_language(message), *args, **kwargs)

        def history_view(self, request, object_id, extra_context=None):
            # The breadcrumbs: templates/admin/cms/pagecontent/object_history.html.
            content = self.get_object(request, object_id)
            if content is not None:
                extra_context = {"title": f"Change history: {content.title}", **(extra_context or {})}
            return super().history_view(request, object_id, extra_context)

    site.unregister(PageContent)
    site.register(PageContent, PlainWordsPageContentAdmin)
