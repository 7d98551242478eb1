"""Celery tasks of the collection app: thin, ids in, call a service. Idempotent: a finished run is left
alone, so a redelivered task changes nothing."""

from celery import shared_task


@shared_task(name="collection.import_contributions", acks_late=True)
def import_contributions(run_id: int) -> str:
    from .services.imports import import_run_execute

    run = import_run_execute(run_id=run_id)
    return run.status
