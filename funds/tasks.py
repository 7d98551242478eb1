"""Celery tasks: thin, ids in, a service does the work. Idempotent: a redelivered task finds its run
already claimed and does nothing."""

from celery import shared_task


@shared_task(name="funds.post_interest")
def post_interest_task(run_id: int) -> str:
    from .interest import interest_run_execute

    return interest_run_execute(run_id=run_id).status


@shared_task(name="funds.post_previous_year_interest")
def post_previous_year_interest_task() -> str:
    """For a django-celery-beat schedule the county sets (e.g. every 5 January): post last year's interest
    if it is not posted yet. Already posted, or not possible yet (no rate): says so and changes nothing."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from .interest import interest_post_year

    year = timezone.localdate().year - 1
    try:
        return interest_post_year(actor=None, year=year).status
    except ValidationError as exc:  # includes Conflict (already posted)
        return " ".join(exc.messages)
