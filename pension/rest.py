"""API conventions shared by every app: pagination and the error envelope.

Kept apart from pension/api.py because DRF imports these while its own generics are still loading.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import Conflict
from .paging import IdFirstPaginator


class Pagination(PageNumberPagination):
    django_paginator_class = IdFirstPaginator
    page_size_query_param = "page_size"
    max_page_size = 500


def django_errors(exc: DjangoValidationError, default_field: str = "non_field_errors") -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {default_field: [str(m) for m in exc.messages]}


def _envelope(detail, errors):
    return {"detail": detail, "errors": errors}


def exception_handler(exc, context):
    """Every error answers {"detail": ..., "errors": {field: [messages]}}.

    Services raise Django's ValidationError (400) or pension.errors.Conflict (409); DRF's own errors
    keep their status codes.
    """
    if isinstance(exc, Conflict):
        errors = django_errors(exc)
        return Response(_envelope(_first(errors), errors), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        errors = django_errors(exc)
        return Response(_envelope(_("The input is not valid."), errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(_envelope(_("You do not have permission to do this."), {}), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404):
        return Response(_envelope(_("Not found."), {}), status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = _envelope(_("The input is not valid."), data)
    else:
        response.data = _envelope(str(getattr(exc, "detail", exc)), {})
    return response


def _first(errors: dict) -> str:
    for messages in errors.values():
        if messages:
            return messages[0]
    return ""
