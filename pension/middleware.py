"""The last line against a 500 from bad input: whatever a view did not check answers 400, never a server error.

- A NUL byte anywhere in the path, the query string or a form field is refused before any view runs (PostgreSQL
  cannot store it, and no legitimate input holds one).
- An id in the path too large for a database integer is simply absent (404).
- A ValidationError or a database DataError (a value out of range, a malformed literal) that escapes a view is
  the input's fault: 400 with the message.
- In the API, any other failure still answers in the JSON error envelope.

Views should check their own input and name the field (pension.params does it for query parameters: its
`BadParameter` is the view's own refusal, answered 400 here without further ado); this middleware is the net under
them. Whatever else it catches is a gap: it is logged, and the answer carries `caught_by_net` (an attribute of the
response object, never sent) so that the hostile-input sweep can fail on it and the gap be closed.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .params import BadParameter

logger = logging.getLogger(__name__)

MAX_DB_INT = 2**63 - 1


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    for values in request.GET.lists():
        if any("\x00" in v for v in values[1]) or "\x00" in values[0]:
            return True
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                             "multipart/form-data"):
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
    return False


def bad_input(request, messages: list[str], status: int = 400):
    detail = messages[0] if messages else str(_("The input is not valid."))
    if _is_api(request):
        return JsonResponse({"detail": detail, "errors": {"non_field_errors": messages}}, status=status)
    return render(request, "bad_input.html", {"messages_list": messages or [detail]}, status=status)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {m}" if field != "__all__" else str(m)
                for field, errs in exc.error_dict.items() for e in errs for m in e.messages]
    return [str(m) for m in exc.messages]


def _caught(response, exc):
    response.caught_by_net = f"{type(exc).__name__}: {str(exc)[:200]}"
    return response


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return bad_input(request, [str(_("The input contains a NUL character, which is not allowed."))])
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in list(view_args) + list(view_kwargs.values()):
            text = str(value)
            if text.isdigit() and text.isascii() and int(text) > MAX_DB_INT:
                if _is_api(request):
                    return JsonResponse({"detail": str(_("Not found.")), "errors": {}}, status=404)
                raise Http404
        return None

    def process_exception(self, request, exc):
        if isinstance(exc, BadParameter):  # the view checked it (pension.params) and named the field
            return bad_input(request, [str(m) for errs in exc.error_dict.values() for e in errs for m in e.messages])
        if isinstance(exc, ValidationError):
            logger.warning("unchecked bad input at %s: %s", request.path, exc)
            return _caught(bad_input(request, _messages(exc)), exc)
        if isinstance(exc, DataError):
            logger.warning("database refused input at %s: %s", request.path, exc)
            return _caught(bad_input(request, [str(_("A value is out of range or malformed."))]), exc)
        if isinstance(exc, RecursionError):
            return _caught(bad_input(request, [str(_("The input is nested too deeply."))]), exc)
        if _is_api(request) and not isinstance(exc, Http404):
            logger.exception("API error at %s", request.path)
            return JsonResponse({"detail": str(_("Server error. The administrator has been told.")), "errors": {}},
                                status=500)
        return None
