from django.shortcuts import render
from django.views.decorators.http import require_safe

from .forms import SearchForm
from .index import INDEX


@require_safe
def search(request):
    """/search/: the box, and for ``?q=`` the matching pages, situations and services, best first."""
    searched = "q" in request.GET
    form = SearchForm(request.GET if searched else None)
    context = {"form": form, "searched": searched}
    status = 200
    if form.is_valid():
        query = form.cleaned_data["q"]
        results, total = INDEX.index_for(request).search(query)
        context.update(query=query, results=results, total=total)
    elif searched:
        status = 400
    response = render(request, "search/search.html", context, status=status)
    if request.GET:
        # Never kept by a shared cache (nginx, a CDN) or the mirror: one visitor's
        # search is not another's page, and the words stay off their disks.
        response.shared_cacheable = False
    return response
