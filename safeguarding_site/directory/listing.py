"""Situations' services, in order, with their contact methods, through the ORM.

Each link (SituationService) comes with its service (``select_related``) and
that service's contact methods in the same query: a ``FilteredRelation`` over
``service__contact_methods`` joined with ``select_related`` gives a row per
contact method (a LEFT JOIN: a service with none comes once), gathered back into
the service's ``contact_list``. One query however many services there are.
"""

from collections import defaultdict

from django.db.models import FilteredRelation

from .models import Situation, SituationService


def links():
    """Links with their services, a row per contact method, in the order ``gathered`` needs."""
    return (
        SituationService.objects.select_related("service")
        .alias(contact=FilteredRelation("service__contact_methods"))
        .select_related("contact")
        .order_by("situation_id", "position", "pk", "contact__position", "contact__pk")
    )


def gathered(rows):
    """One link per link, its service's ``contact_list`` gathered from the rows, in order."""
    found = {}
    for row in rows:
        link = found.get(row.pk)
        if link is None:
            link = found[row.pk] = row
            link.service.contact_list = []
        contact = getattr(row, "contact", None)  # not set when the service has no contact method
        if contact is not None:
            contact.service = link.service
            link.service.contact_list.append(contact)
    return list(found.values())


def in_order(situation_links):
    """The links' services: emergency ones first, then in the editors' order."""
    ordered = sorted(situation_links, key=lambda link: (not link.service.is_emergency, link.position, link.pk))
    return [link.service for link in ordered]


def services_of(situation_id):
    """One situation's services in order, each with its ``contact_list``."""
    return in_order(gathered(links().filter(situation_id=situation_id)))


def situations_with_services():
    """Situations in order, each with ``ordered_services`` set, each service with its ``contact_list``."""
    by_situation = defaultdict(list)
    for link in gathered(links()):
        by_situation[link.situation_id].append(link)
    situations = list(Situation.objects.all())
    for situation in situations:
        situation.ordered_services = in_order(by_situation[situation.pk])
    return situations
