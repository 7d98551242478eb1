"""Sessions that end and pages that must not be kept (issue 11 item 9).

- `SessionExpiryMiddleware`: when a signed-in session has ended (the browser still sends its session cookie but
  the user is anonymous) and a page sends the user to log in, say "会话已超时，请重新登录". For an htmx request
  the redirect would be followed inside the XMLHttpRequest and the login page swapped into a panel; instead the
  answer tells htmx to load the login page as a whole page (HX-Redirect), with `next` set to the page the user
  was on (htmx's HX-Current-URL), so that logging in again returns there.
- `SlidingSessionMiddleware`: sessions end after SESSION_COOKIE_AGE idle seconds, and a request pushes the end
  forward, but writes the session only when at least SESSION_REFRESH_SECONDS passed since the last push (or when
  the request changed the session): a session ends between AGE - REFRESH and AGE seconds after the last request,
  and the entry screens' saves do not rewrite the session each time (issue 13).
- `NoStoreMiddleware`: every answer built for a signed-in user (pages, htmx fragments, exports, API) and every
  API answer carries `Cache-Control: no-store`, so that personal data is neither kept in the browser's cache nor
  shown again by the Back button after logging out. Static files (whitenoise, before this) keep their caching.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _login_path() -> str:
    return urlsplit(resolve_url(settings.LOGIN_URL)).path


def session_ended(request) -> bool:
    """The browser sent a session cookie, but no signed-in session stands behind it any more."""
    user = getattr(request, "user", None)
    return settings.SESSION_COOKIE_NAME in request.COOKIES and not (user and user.is_authenticated)


def _page_of_htmx_request(request) -> str:
    """The path (and query) of the page the htmx request came from, if it is on this site."""
    current = request.headers.get("HX-Current-URL", "")
    if current and url_has_allowed_host_and_scheme(current, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (301, 302) or request.path.startswith("/api/"):
            return response
        location = urlsplit(response.get("Location", ""))
        if location.path != _login_path() or not session_ended(request) or getattr(request, "logged_out_now", False):
            return response
        messages.warning(request, _("Your session has timed out; please log in again."))
        if request.headers.get("HX-Request") == "true":
            target = resolve_url(settings.LOGIN_URL) + "?" + urlencode({"next": _page_of_htmx_request(request)})
            redirect = HttpResponse(status=200)
            redirect["HX-Redirect"] = target
            return redirect  # MessageMiddleware (outside this one) stores the message on it
        return response


class SlidingSessionMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and not session.modified and _push_due(session):
            session.modified = True  # SessionMiddleware then saves it with a new end and sets the cookie
        return super().process_response(request, response)


def _push_due(session) -> bool:
    expiry = getattr(session, "stored_expiry", None)
    if expiry is None:  # not read from the database in this request: push, as SESSION_SAVE_EVERY_REQUEST did
        return True
    since_push = session.get_expiry_age() - (expiry - timezone.now()).total_seconds()
    return since_push >= settings.SESSION_REFRESH_SECONDS


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
