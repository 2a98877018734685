from cms.models import Page
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import collect
from .checker import Checker
from .forms import CheckPageForm
from .records import check_and_record, unchecked

# A check from the editor must end well before gunicorn's 30-second limit on a request.
PAGE_CHECK_SECONDS = 20


def check_page(request, admin_site):
    """A Publisher checks the links on one published page now (GET: the form; POST: the results)."""
    if not request.user.has_perm("links.check_links"):
        raise PermissionDenied
    # ?page=<id>: from the Page menu of the page being edited, which is then chosen already.
    form = CheckPageForm(request.POST or None, initial={"page": request.GET.get("page")})
    context = {**admin_site.each_context(request), "title": "Check the links on a page", "form": form}
    if request.method == "POST" and form.is_valid():
        page = Page.objects.get(pk=form.cleaned_data["page"])
        links = collect.page_links(page)
        rows = check_and_record(links, Checker(max_seconds=PAGE_CHECK_SECONDS))
        context.update(
            page_title=dict(form.fields["page"].choices)[page.pk],
            rows=rows,
            broken=sum(1 for link, _uses in rows if link.result == link.BROKEN),
            unchecked=unchecked(links, rows),
            checked=True,
        )
    return render(request, "links/check_page.html", context)
