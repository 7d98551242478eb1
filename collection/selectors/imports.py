"""Reads of contribution import runs, and the runs the beat job must queue again."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import ImportRun, ImportStatus


def import_run_list(*, user) -> QuerySet[ImportRun]:
    return scope_queryset(user, ImportRun.objects.all()).select_related("township", "uploaded_by")


def import_run_get(*, user, pk) -> ImportRun:
    return get_scoped_or_404(user, ImportRun.objects.select_related("township"), pk=pk)


# A run still "running" this long after it started was interrupted (a worker killed, a server restarted):
# 200,000 rows take well under a minute. Its rows were never written (the write is one transaction at the
# end), so it can simply run again.
IMPORT_STALE_AFTER = datetime.timedelta(minutes=30)
# A run still "pending" this long after its upload lost its task (the broker was down when it was queued).
IMPORT_LOST_AFTER = datetime.timedelta(minutes=10)


def import_runs_to_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Runs whose task was lost or interrupted, to be queued again (the beat job `collection.resume_imports`).
    Not scoped: the job acts for the system, not for a user."""
    now = now or timezone.now()
    return list(ImportRun.objects.filter(
        Q(status=ImportStatus.PENDING, created_at__lt=now - IMPORT_LOST_AFTER)
        | Q(status=ImportStatus.RUNNING, started_at__lt=now - IMPORT_STALE_AFTER)
    ).order_by("created_at").values_list("pk", flat=True))
