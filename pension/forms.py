"""Form helpers shared by every app's browser pages."""

from django import forms
from django.core.exceptions import ValidationError


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the form fields it names (others above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def error_message(exc_or_form) -> str:
    """One line of text for a browser message: every message of a service's ValidationError, or of a bound
    form's errors, joined by spaces."""
    if isinstance(exc_or_form, forms.BaseForm):
        return " ".join(str(e) for errs in exc_or_form.errors.values() for e in errs)
    return " ".join(exc_or_form.messages)


def flash_error(request, exc_or_form) -> None:
    """The one way a view shows a refused action above the page (django.contrib.messages)."""
    from django.contrib import messages

    messages.error(request, error_message(exc_or_form))
