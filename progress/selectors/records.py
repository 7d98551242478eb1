"""Progress runs and bulletins, for their lists and pages."""

from django.shortcuts import get_object_or_404

from ..models import Bulletin, ProgressRun


def run_list():
    return ProgressRun.objects.select_related("requested_by")


def run_latest(*, year: int) -> ProgressRun | None:
    return ProgressRun.objects.filter(year=year).order_by("-requested_at", "-id").first()


def bulletin_list(*, year: int | None = None):
    qs = Bulletin.objects.select_related("created_by")
    return qs.filter(year=year) if year else qs


def bulletin_or_404(*, pk: int) -> Bulletin:
    return get_object_or_404(Bulletin, pk=pk)
