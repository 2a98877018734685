import html
import re

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags


class ForcePasswordChangeMiddleware:
    """An editor signed in with a one-time password goes to "Change password" until they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            account = getattr(user, "editor_account", None)
            if account is not None and account.must_change_password:
                done = reverse("admin:password_change_done")
                allowed = {reverse("admin:password_change"), done, reverse("admin:logout")}
                if request.path == done:
                    account.must_change_password = False
                    account.save(update_fields=["must_change_password"])
                elif request.path not in allowed:
                    return redirect("admin:password_change")
        return self.get_response(request)


class KeepRefusedWorkMiddleware:
    """A form post the admin refuses (403, 409...) says so on an admin page, with what the editor wrote to copy.

    django CMS answers a save into a draft the editor no longer holds (a Publisher
    unlocked it and someone else took it) with a bare "403 Forbidden", and the words
    typed in the plugin window are gone. Nothing is saved here: the page only gives
    the words back.
    """

    REFUSED = {400, 403, 404, 409, 412}
    SKIPPED_FIELDS = re.compile(r"csrfmiddlewaretoken|password|^_|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code in self.REFUSED
            and request.path.startswith(f"/{settings.ADMIN_URL}")
            # Past the CSRF check: a post that failed it keeps the site's own 403 page.
            and getattr(request, "csrf_processing_done", False)
            and request.headers.get("x-requested-with") != "XMLHttpRequest"
            and getattr(request, "user", None) is not None
            and request.user.is_staff
            and response.get("Content-Type", "").startswith("text/")
        ):
            return self.refused_page(request, response, self.typed(request))
        return response

    def typed(self, request):
        fields = []
        for name, values in request.POST.lists():
            if self.SKIPPED_FIELDS.search(name):
                continue
            for value in values:
                words = text_of_html(value)
                if words:
                    fields.append({"name": name.replace("_", " ").replace("-", " "), "words": words})
        return fields

    def refused_page(self, request, response, typed):
        from django.contrib import admin

        reason = response.content.decode("utf-8", "replace") if len(response.content) < 300 else ""
        context = {
            **admin.site.each_context(request),
            "title": "Not saved" if typed else "Not done",
            "reason": text_of_html(reason),
            "typed": typed,
            "back": request.META.get("HTTP_REFERER", ""),
        }
        return TemplateResponse(request, "editors/refused_save.html", context, status=response.status_code).render()


def text_of_html(value):
    """Words as an editor reads them: paragraphs on their own lines, no markup."""
    value = re.sub(r"(?i)</p>|<br\s*/?>|</li>|</h\d>", "\n", value)
    return html.unescape(strip_tags(value)).strip()
