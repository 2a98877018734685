from cms.plugin_base import CMSPluginBase
from cms.plugin_pool import plugin_pool
from django.utils.translation import gettext_lazy as _

from . import organisation
from .models import UpdateNote


@plugin_pool.register_plugin
class UpdateNotePluginPublisher(CMSPluginBase):
    """Renders an UpdateNote as a marked aside after the statement it updates."""

    model = UpdateNote
    name = _("Update note")
    module = _("Guide")
    render_template = "pages/plugins/update_note.html"
    allow_children = False

    def render(self, context, instance, placeholder):
        """Numbers the notes in the order the page renders them (the whole guide renders every part's).

        Each note is a landmark named by its heading, usually "Update (checked
        <date>)", and notes checked on the same day would share that name; the
        number tells them apart (its template). Counted on the request, the one
        thing every placeholder of a page shares; django CMS's plugin and
        placeholder caches, which would replay old numbers, are off (settings).
        """
        context = super().render(context, instance, placeholder)
        request = context.get("request")
        if request is not None:
            request.update_notes_rendered = getattr(request, "update_notes_rendered", 0) + 1
            context["note_number"] = request.update_notes_rendered
        return context


@plugin_pool.register_plugin
class ContactDetailsPluginPublisher(CMSPluginBase):
    """Who runs this site and how to reach them (the organisation's settings), on the contact page and statements."""

    name = _("Contact details of who runs this site")
    module = _("Site")
    render_template = "pages/plugins/contact_details.html"
    allow_children = False

    def render(self, context, instance, placeholder):
        context = super().render(context, instance, placeholder)
        context["organisation"] = organisation.current()
        return context
