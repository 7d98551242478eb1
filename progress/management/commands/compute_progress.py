from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from progress.models import ProgressRun
from progress.services import progress_compute


class Command(BaseCommand):
    help = "Compute today's progress snapshots (county, townships, villages) for a campaign year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="campaign year (default: this year)")

    def handle(self, *args, year=None, **opts):
        year = year or timezone.localdate().year
        try:
            run = progress_compute(year=year, trigger=ProgressRun.Trigger.COMMAND)
        except Exception as exc:
            raise CommandError(f"progress computation for {year} failed: {exc}") from exc
        self.stdout.write(f"run #{run.pk}: {run.rows} snapshot rows for {year} as of {run.day} "
                          f"in {run.seconds:.2f} s")
