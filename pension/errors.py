"""Errors services raise. Forms show them beside the field; the API maps them to status codes."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The input is well-formed but collides with what exists (duplicate, used number): HTTP 409."""
