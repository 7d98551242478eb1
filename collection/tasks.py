"""Celery tasks of the collection app: thin, ids in, call a service. Idempotent: a finished run is left
alone, so a redelivered task changes nothing."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="collection.import_contributions", acks_late=True)
def import_contributions(run_id: int) -> str:
    from .services.imports import import_run_execute

    run = import_run_execute(run_id=run_id)
    return run.status


@shared_task(name="collection.resume_imports")
def resume_imports() -> int:
    """The beat job (every 10 minutes): queue again the imports whose task was lost or interrupted. Each
    run is claimed by one UPDATE in the service, so queueing one twice does no harm."""
    from .selectors import import_runs_to_resume

    run_ids = import_runs_to_resume()
    for run_id in run_ids:
        logger.warning("contribution import run %s was lost or interrupted; queued again", run_id)
        import_contributions.delay(run_id)
    return len(run_ids)
