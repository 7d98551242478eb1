"""Celery tasks: thin, ids in, a service does the work; idempotent (a finished run is left as it is)."""

from celery import shared_task


@shared_task(name="certification.publish_notices")
def publish_notices(run_id: int) -> int:
    from .services import notices_execute

    return notices_execute(run_id=run_id).pk


@shared_task(name="certification.publish_notices_scheduled")
def publish_notices_scheduled() -> int:
    """The beat job: publish the notices of everything since the last run; nothing if a run covered today."""
    from django.utils import timezone

    from .models import CertificationRun
    from .services import notices_request

    done = (CertificationRun.objects.filter(kind=CertificationRun.Kind.NOTICES,
                                            status=CertificationRun.Status.SUCCEEDED,
                                            period_end__gte=timezone.localdate()).order_by("-id").first())
    if done is not None:
        return done.pk
    return notices_request(actor=None, trigger=CertificationRun.Trigger.SCHEDULE).pk


@shared_task(name="certification.run_deadline")
def run_deadline(run_id: int) -> int:
    from .services import deadline_execute

    return deadline_execute(run_id=run_id).pk


@shared_task(name="certification.deadline_scheduled")
def deadline_scheduled() -> list[int]:
    """The daily beat job: process every campaign whose deadline has passed (once each)."""
    from .models import CertificationRun
    from .services import deadline_execute
    from .services.deadline import deadline_due_campaigns

    done = []
    for campaign in deadline_due_campaigns():
        run = CertificationRun.objects.create(kind=CertificationRun.Kind.DEADLINE, campaign=campaign,
                                              trigger=CertificationRun.Trigger.SCHEDULE)
        done.append(deadline_execute(run_id=run.pk).pk)
    return done
