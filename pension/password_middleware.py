"""A password the administrator set (new account or reset) must be changed before anything else (issue 11 item
8): every page of a signed-in user who must change it leads to the password change page (htmx: HX-Redirect)."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

OPEN_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/accounts/login/", "/static/", "/health/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)
                and not request.path.startswith(OPEN_PREFIXES) and not request.path.startswith("/api/")):
            url = reverse("password_change")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=200)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return self.get_response(request)
