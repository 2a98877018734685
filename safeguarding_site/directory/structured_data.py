"""schema.org structured data for a service: an Organization with its ContactPoints."""

import json

from django.utils.safestring import mark_safe

from . import phone

# As django.utils.html.json_script: nothing in the data can close the <script>.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script_body(data):
    """JSON for a ``<script type="application/ld+json">`` element, safe to embed."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


NATION_CODES = {
    "England": "GB-ENG",
    "Wales": "GB-WLS",
    "Scotland": "GB-SCT",
    "Northern Ireland": "GB-NIR",
}


def service_json_ld(service, request):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": service.name,
        "description": service.who_for,
    }
    if service.source_url:
        data["sameAs"] = service.source_url
    page_url = service.get_absolute_url()
    if page_url:
        data["url"] = request.build_absolute_uri(page_url)
    area = [NATION_CODES[nation] for nation in service.nations] or None
    contact_points = []
    for method in service.contact_methods.all():
        if method.is_phone:
            point = {
                "@type": "ContactPoint",
                "telephone": phone.tel_href(method.value).removeprefix("tel:"),
                "contactType": method.label or method.get_kind_display(),
            }
        elif method.kind == method.EMAIL:
            point = {"@type": "ContactPoint", "email": method.value, "contactType": method.label or "Email"}
        elif method.kind in method.LINK_KINDS:
            point = {
                "@type": "ContactPoint",
                "url": method.value,
                "contactType": method.label or method.get_kind_display(),
            }
        else:
            continue
        if area:
            point["areaServed"] = area
        contact_points.append(point)
    if contact_points:
        data["contactPoint"] = contact_points
    return data
