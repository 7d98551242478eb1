"""Celery tasks: thin, ids in, a service does the work; idempotent (a finished run is left as it is)."""

from celery import shared_task


@shared_task(name="certification.publish_notices")
def publish_notices(run_id: int) -> int:
    from .services import notices_execute

    return notices_execute(run_id=run_id).pk


@shared_task(name="certification.publish_notices_scheduled")
def publish_notices_scheduled() -> int | None:
    """The beat job: publish the notices of everything since the last run; nothing if a run covered today."""
    from .services.notices import notices_scheduled

    run = notices_scheduled()
    return run.pk if run else None


@shared_task(name="certification.run_deadline")
def run_deadline(run_id: int) -> int:
    from .services import deadline_execute

    return deadline_execute(run_id=run_id).pk


@shared_task(name="certification.deadline_scheduled")
def deadline_scheduled() -> list[int]:
    """The daily beat job: process every campaign whose deadline has passed (once each)."""
    from .services.deadline import deadline_scheduled as scheduled

    return scheduled()
