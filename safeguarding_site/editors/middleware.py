from django.shortcuts import redirect
from django.urls import reverse


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
