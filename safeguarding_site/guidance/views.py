from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safeguarding_site.directory.models import Situation

from .descriptions import situation_description
from .models import steps_by_stage


@require_safe
def question(request):
    """The four rules, the 999 line, then "What is happening?" with every situation as a link."""
    return render(request, "guidance/question.html", {"situations": Situation.objects.all()})


@require_safe
def situation(request, slug):
    """A situation's steps by stage and the services that help, emergency first."""
    # Every situation in one query (the page links to the others), then this one's
    # steps, services and their contact methods.
    situations = list(Situation.objects.all())
    chosen = next((each for each in situations if each.slug == slug), None)
    if chosen is None:
        raise Http404("No such situation")
    prefetch_related_objects([chosen], "steps")
    return render(
        request,
        "guidance/situation.html",
        {
            "situation": chosen,
            "description": situation_description(chosen.title),
            "stages": steps_by_stage(chosen),
            "services": chosen.ordered_services,
            "others": [each for each in situations if each.pk != chosen.pk],
            "breadcrumb_extra": [{"title": chosen.title}],
        },
    )
