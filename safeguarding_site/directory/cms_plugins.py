from cms.plugin_base import CMSPluginBase
from cms.plugin_pool import plugin_pool
from django.utils.translation import gettext_lazy as _

from .models import ServiceCardPluginModel, SituationServicesPluginModel


@plugin_pool.register_plugin
class ServiceCardPluginPublisher(CMSPluginBase):
    """One directory service as a card, from the same template as the directory."""

    model = ServiceCardPluginModel
    name = _("Service card")
    module = _("Directory")
    render_template = "directory/plugins/service_card.html"
    allow_children = False

    def render(self, context, instance, placeholder):
        context = super().render(context, instance, placeholder)
        context["service"] = instance.service
        context["heading_level"] = instance.heading_level
        return context


@plugin_pool.register_plugin
class SituationServicesPluginPublisher(CMSPluginBase):
    """The services for one situation, in the situation's order, as cards."""

    model = SituationServicesPluginModel
    name = _("Services for a situation")
    module = _("Directory")
    render_template = "directory/plugins/situation_services.html"
    allow_children = False

    def render(self, context, instance, placeholder):
        context = super().render(context, instance, placeholder)
        context["situation"] = instance.situation
        context["services"] = instance.situation.ordered_services
        context["heading_level"] = instance.heading_level
        return context
