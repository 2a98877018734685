"""Situations' services, in order, with their contact methods, read in as few queries as they can be.

For the directory page, every situation at once in two queries: through the
ORM this was three queries and Django's prefetching, which builds a queryset
per service to hold its contact methods (about 2 ms of the directory's
render). Here: the situations joined to their services (a left join: a
situation with no services yet is still listed), and every contact method.
For one situation (its page, the "Services for a situation" plugin), one
query: its services joined to their contact methods. Each is a prepared query
(pages/prepared.py), assembled into model instances.
"""

from collections import defaultdict

from django.db import router

from safeguarding_site.pages.prepared import PreparedQuery

from .models import ContactMethod, Service, Situation, SituationService

SITUATION_FIELDS = [field.attname for field in Situation._meta.concrete_fields]
SERVICE_FIELDS = [field.attname for field in Service._meta.concrete_fields]
METHOD_FIELDS = [field.attname for field in ContactMethod._meta.concrete_fields]

SITUATIONS_AND_SERVICES = PreparedQuery(
    Situation,
    lambda: Situation.objects.order_by(
        # Each situation's rows together (pk breaks ties), its links in the editors' order.
        *Situation._meta.ordering,
        "pk",
        "service_links__position",
        "service_links__pk",
    ).values_list(
        *SITUATION_FIELDS,
        "service_links__position",
        *[f"service_links__service__{name}" for name in SERVICE_FIELDS],
    ),
)
CONTACT_METHODS = PreparedQuery(
    ContactMethod,
    lambda: ContactMethod.objects.order_by(*ContactMethod._meta.ordering).values_list(*METHOD_FIELDS),
)


SERVICES_OF_SITUATION = PreparedQuery(
    SituationService,
    lambda situation_id: (
        SituationService.objects.filter(situation_id=situation_id)
        .order_by(
            *SituationService._meta.ordering, "service__contact_methods__position", "service__contact_methods__pk"
        )
        .values_list(
            "position",
            *[f"service__{name}" for name in SERVICE_FIELDS],
            *[f"service__contact_methods__{name}" for name in METHOD_FIELDS],
        )
    ),
)


def in_order(links):
    """Services from (position, service) pairs in the links' order: emergency ones first, then by position."""
    return [service for _position, service in sorted(links, key=lambda link: (not link[1].is_emergency, link[0]))]


def services_of(situation_id):
    """One situation's services in order, each with its ``contact_list``: one query."""
    db = router.db_for_read(SituationService)
    links, services = [], {}
    width = len(SERVICE_FIELDS)
    for row in SERVICES_OF_SITUATION.rows(situation_id):
        position, service_values, method_values = row[0], row[1 : width + 1], row[width + 1 :]
        service = services.get(service_values[0])
        if service is None:
            service = services[service_values[0]] = Service.from_db(db, SERVICE_FIELDS, service_values)
            service.contact_list = []
            links.append((position, service))
        if method_values[0] is not None:  # a service with no contact methods yet has one row of nulls
            service.contact_list.append(ContactMethod.from_db(db, METHOD_FIELDS, method_values))
    return in_order(links)


def situations_with_services():
    """Situations in order, each with ``ordered_services`` set, each service with its ``contact_list``."""
    db = router.db_for_read(Situation)
    methods = defaultdict(list)
    for row in CONTACT_METHODS.rows():
        method = ContactMethod.from_db(db, METHOD_FIELDS, row)
        methods[method.service_id].append(method)
    situations, links, services = [], defaultdict(list), {}
    width = len(SITUATION_FIELDS)
    for row in SITUATIONS_AND_SERVICES.rows():
        situation_values, position, service_values = row[:width], row[width], row[width + 1 :]
        if not situations or situations[-1].pk != situation_values[0]:
            situations.append(Situation.from_db(db, SITUATION_FIELDS, situation_values))
        if service_values[0] is None:  # no services yet
            continue
        service = services.get(service_values[0])
        if service is None:
            service = services[service_values[0]] = Service.from_db(db, SERVICE_FIELDS, service_values)
            service.contact_list = methods[service.pk]
        links[situations[-1].pk].append((position, service))
    for situation in situations:
        situation.ordered_services = in_order(links[situation.pk])
    return situations
