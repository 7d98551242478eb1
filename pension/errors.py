"""Errors services raise. Forms show them beside the field; the API maps them to status codes."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The input is well-formed but collides with what exists (duplicate, used number): HTTP 409."""


def violated_constraint(exc: Exception) -> str | None:
    """The name of the database constraint an IntegrityError broke (PostgreSQL reports it), or None. Services
    classify a collision by this name, never by searching the error's text."""
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    return getattr(diag, "constraint_name", None)
