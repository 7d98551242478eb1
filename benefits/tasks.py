"""Celery tasks: thin, a service does the work."""

from celery import shared_task


@shared_task(name="benefits.build_due_list")
def build_due_list() -> str:
    """Monthly (django-celery-beat, the 1st): next month's newly-of-age list for the whole county."""
    from django.utils import timezone

    from .months import add_months, month_of
    from .services import due_list_build

    month = add_months(month_of(timezone.localdate()), 1)
    return f"{month:%Y-%m}: {due_list_build(actor=None, month=month)}"
