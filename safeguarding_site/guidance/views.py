from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from safeguarding_site.directory.models import Situation, SituationService

from .models import steps_by_stage


@require_safe
def question(request):
    """The four rules, the 999 line, then "What is happening?" with every situation as a link."""
    return render(request, "guidance/question.html", {"situations": Situation.objects.all()})


@require_safe
def situation(request, slug):
    """A situation's numbered steps and the services that help, emergency first."""
    links = SituationService.objects.select_related("service").prefetch_related("service__contact_methods")
    chosen = get_object_or_404(
        Situation.objects.prefetch_related("steps", Prefetch("service_links", queryset=links)), slug=slug
    )
    return render(
        request,
        "guidance/situation.html",
        {
            "situation": chosen,
            "stages": steps_by_stage(chosen),
            "services": chosen.ordered_services(),
            "others": Situation.objects.exclude(pk=chosen.pk),
            "breadcrumb_extra": [{"title": chosen.title}],
        },
    )
