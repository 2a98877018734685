"""Situations' services, in order, with their contact methods, through the ORM.

Each link (SituationService) comes with its service (``select_related``), and
every service's contact methods in one more query (``prefetch_related``, into
``contact_list``): the same few queries however many services there are.
"""

from django.db.models import Prefetch

from .models import ContactMethod, Situation, SituationService

CONTACT_LIST = Prefetch("service__contact_methods", queryset=ContactMethod.objects.all(), to_attr="contact_list")


def links():
    return SituationService.objects.select_related("service").prefetch_related(CONTACT_LIST)


def in_order(situation_links):
    """The links' services: emergency ones first, then in the editors' order."""
    ordered = sorted(situation_links, key=lambda link: (not link.service.is_emergency, link.position, link.pk))
    return [link.service for link in ordered]


def services_of(situation_id):
    """One situation's services in order, each with its ``contact_list``."""
    return in_order(links().filter(situation_id=situation_id))


def situations_with_services():
    """Situations in order, each with ``ordered_services`` set, each service with its ``contact_list``."""
    situations = Situation.objects.prefetch_related(Prefetch("service_links", queryset=links()))
    for situation in situations:
        situation.ordered_services = in_order(situation.service_links.all())
    return list(situations)
