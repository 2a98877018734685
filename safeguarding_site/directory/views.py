from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from safeguarding_site.pages.frame import site_tree

from .forms import SituationFilterForm
from .listing import situations_with_services
from .models import Service
from .structured_data import json_ld_script_body, service_json_ld


@require_safe
def directory(request):
    """Services grouped by situation. The filter form's ``?situation=<slug>`` redirects to that situation's address.

    A permanent redirect: each value always goes to the same address, and its
    Location carries no query (no visitor's tracking parameters).
    """
    everything = situations_with_services()
    form = SituationFilterForm(request.GET or None, situations=everything)
    status = 200
    if form.is_bound:
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["situation"] is not None:
            return redirect("directory:situation", slug=form.cleaned_data["situation"].slug, permanent=True)
    return directory_page(request, everything, form, chosen=None, status=status)


@require_safe
def situation_directory(request, slug):
    """The directory narrowed to one situation, at /get-help/for/<situation>/."""
    everything = situations_with_services()
    chosen = next((situation for situation in everything if situation.slug == slug), None)
    if chosen is None:
        raise Http404("No situation has this address.")
    form = SituationFilterForm(situations=everything, initial={"situation": chosen.slug})
    return directory_page(request, everything, form, chosen=chosen)


def directory_page(request, everything, form, *, chosen, status=200):
    """The emergency situations first, whatever is chosen, and their services (999) not repeated below."""
    emergencies = [situation for situation in everything if situation.is_emergency]
    shown = [chosen] if chosen is not None else everything
    canonical = reverse("directory:situation", kwargs={"slug": chosen.slug}) if chosen else reverse("directory:index")
    # The page tree the frame reads anyway, first: it lends the directory's page its published
    # content, which {% page_attribute %} and {% placeholder %} would otherwise read again.
    site_tree(request, get_language())
    return render(
        request,
        "directory/directory.html",
        {
            "form": form,
            "emergencies": emergencies,
            "shown_first": {service.pk for situation in emergencies for service in situation.ordered_services},
            "situations": [situation for situation in shown if not situation.is_emergency],
            "chosen": chosen,
            "canonical_url": canonical,  # a path: the same bytes whichever host was asked
            "breadcrumb_extra": [{"title": chosen.title}] if chosen else [],
        },
        status=status,
    )


@require_safe
def service_detail(request, slug):
    service = get_object_or_404(
        Service.objects.prefetch_related("contact_methods", "situations"),
        slug=slug,
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "json_ld": json_ld_script_body(service_json_ld(service, request)),
            "breadcrumb_extra": [{"title": service.name}],
        },
    )
