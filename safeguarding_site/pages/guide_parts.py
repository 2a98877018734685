"""A page added under the guide is a guide part: it gets the "Guide part" template.

django CMS gives a new page the template "inherit" (the nearest ancestor's). Under
the guide that is the whole guide on one page, so the new page would show every
part of the guide again under its own text. When the admin's add form or the
"Create" wizard saves a new page, django CMS sends ``post_obj_operation`` with
``ADD_PAGE_TRANSLATION``: its draft gets the guide part's template then. A template
an editor chose on purpose (anything but "inherit") is left as it is.
"""

from cms.constants import TEMPLATE_INHERITANCE_MAGIC
from cms.models import PageContent
from cms.operations import ADD_PAGE_TRANSLATION
from cms.signals import post_obj_operation
from django.conf import settings

GUIDE_PART_TEMPLATE = "pages/guide_part.html"


def give_guide_parts_their_template(sender, operation, obj=None, language=None, **kwargs):
    if operation != ADD_PAGE_TRANSLATION or obj is None or obj.parent is None:
        return
    if obj.parent.reverse_id != settings.GUIDE_REVERSE_ID:
        return
    # The add form keeps the new content in the page's content cache and the
    # admin saves that instance again after this signal: change it, not a copy.
    content = obj.page_content_cache.get(language)
    if content is None:
        content = PageContent.admin_manager.filter(page=obj, language=language).first()
    if content is not None and content.template == TEMPLATE_INHERITANCE_MAGIC:
        content.template = GUIDE_PART_TEMPLATE
        content.save(update_fields=["template"])


def connect():
    post_obj_operation.connect(give_guide_parts_their_template, dispatch_uid="pages-guide-part-template")
