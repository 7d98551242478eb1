"""Celery tasks: thin, ids in, idempotent."""

from celery import shared_task
from django.utils import timezone

from .models import Bulletin, ProgressRun


@shared_task(name="progress.compute_progress")
def compute_progress(run_id: int) -> int:
    """Run a queued computation (the on-demand button). A finished run is left as it is."""
    from .services import progress_compute

    return progress_compute(run_id=run_id).pk


@shared_task(name="progress.compute_progress_scheduled")
def compute_progress_scheduled(year: int | None = None) -> int:
    """The beat job: compute today's snapshots of the current (or given) year."""
    from .services import progress_compute

    return progress_compute(year=year or timezone.localdate().year, trigger=ProgressRun.Trigger.SCHEDULE).pk


@shared_task(name="progress.issue_weekly_bulletin")
def issue_weekly_bulletin(year: int | None = None) -> int:
    """The weekly beat job: fresh figures, then this week's bulletin (once per ISO week)."""
    from .services import bulletin_issue, iso_week, progress_compute

    year = year or timezone.localdate().year
    period = iso_week()
    existing = Bulletin.objects.filter(year=year, kind=Bulletin.Kind.WEEKLY, period=period).first()
    if existing:
        return existing.pk
    progress_compute(year=year, trigger=ProgressRun.Trigger.SCHEDULE)
    return bulletin_issue(actor=None, year=year, kind=Bulletin.Kind.WEEKLY, period=period).pk
