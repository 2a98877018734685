from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .forms import SituationFilterForm
from .listing import situations_with_services
from .models import Service
from .structured_data import json_ld_script_body, service_json_ld


@require_safe
def directory(request):
    """Services grouped by situation; ``?situation=<slug>`` narrows it to one.

    The emergency situations come first, whatever is chosen, and their services
    (999) are not repeated under the other situations.
    """
    everything = situations_with_services()
    form = SituationFilterForm(request.GET or None, situations=everything)
    status = 200
    chosen = None
    situations = everything
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data["situation"]
            if chosen is not None:
                situations = [chosen]
        else:
            status = 400
    emergencies = [situation for situation in everything if situation.is_emergency]
    return render(
        request,
        "directory/directory.html",
        {
            "form": form,
            "emergencies": emergencies,
            "shown_first": {service.pk for situation in emergencies for service in situation.ordered_services},
            "situations": [situation for situation in situations if not situation.is_emergency],
            "chosen": chosen,
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
