"""Celery tasks: thin, a service does the work. Both are idempotent (a plan is made once per quarter; a flag run
upserts its flags)."""

from celery import shared_task


@shared_task(name="audit.create_quarterly_plan")
def create_quarterly_plan_task() -> str:
    from .services import plan_create_for_previous_quarter

    plan = plan_create_for_previous_quarter()
    return str(plan) if plan else "exists"


@shared_task(name="audit.run_red_flags")
def run_red_flags_task() -> str:
    from .services import flag_run_execute

    return flag_run_execute().status
