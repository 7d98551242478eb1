"""Chinese error pages in the site's layout, each with a way back (issue 11 item 9): 403, 404, 500 and a refused
CSRF check. Wired in pension/urls.py (handler403/404/500) and settings.CSRF_FAILURE_VIEW."""

import logging

from django.contrib import messages
from django.contrib.auth.views import LogoutView
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _page(request, *, status: int, title: str, text: str, reason: str = ""):
    return render(request, "error.html", {"status": status, "title": title, "text": text, "reason": reason},
                  status=status)


def _own_message(exception) -> str:
    """A refusal's own message (services give Chinese reasons: "只有县级经办人员…"), never a technical one."""
    message = exception.args[0] if exception is not None and getattr(exception, "args", None) else ""
    return str(message) if isinstance(message, str) or hasattr(message, "__html__") else ""


def permission_denied(request, exception=None):
    return _page(request, status=403, title=_("No permission"),
                 text=_("Your post or area does not allow this page or action."), reason=_own_message(exception))


def page_not_found(request, exception=None):
    return _page(request, status=404, title=_("Page not found"),
                 text=_("The page does not exist, or the record is not in your area."))


def server_error(request):
    try:
        return _page(request, status=500, title=_("System error"),
                     text=_("Something went wrong on our side and nothing was saved. Try again; if it happens "
                            "again, tell the county administrator the time it happened."))
    except Exception:  # the layout itself failed (e.g. the database is down): a plain page without it
        logger.exception("error page failed")
        return HttpResponse(loader.render_to_string("500_plain.html"), status=500)


def csrf_failure(request, reason=""):
    response = _page(request, status=403, title=_("The form has expired"),
                     text=_("The page was open too long or was opened before you logged in again. Go back, "
                            "reload the page and send the form again."))
    # htmx swaps no error page: static/js/behaviours.js reads this to say "the page has expired" above the page
    response["X-Refused"] = "csrf"
    return response


class LogoutWithMessage(LogoutView):
    """Log out and say so on the login page ("已退出")."""

    def post(self, request, *args, **kwargs):
        request.logged_out_now = True  # not a timed-out session (pension.session_middleware)
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have logged out."))
        return response
