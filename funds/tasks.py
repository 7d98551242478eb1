"""Celery tasks: thin, ids in, a service does the work. Idempotent: a redelivered task finds its run
already claimed and does nothing."""

from celery import shared_task


@shared_task(name="funds.post_interest")
def post_interest_task(run_id: int) -> str:
    from .interest import interest_run_execute

    return interest_run_execute(run_id=run_id).status
