from cms.plugin_base import CMSPluginBase
from cms.plugin_pool import plugin_pool
from django.utils.translation import gettext_lazy as _

from .models import UpdateNote


@plugin_pool.register_plugin
class UpdateNotePluginPublisher(CMSPluginBase):
    """Renders an UpdateNote as a marked aside after the statement it updates."""

    model = UpdateNote
    name = _("Update note")
    module = _("Guide")
    render_template = "pages/plugins/update_note.html"
    allow_children = False
