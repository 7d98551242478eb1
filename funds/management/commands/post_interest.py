"""Post a finished year's interest to every individual account: `manage.py post_interest --year 2025`.

Runs in this process (no Celery needed) and leaves an interest run record like the county officer's
button does. Posting a year that is already posted changes nothing.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from funds.interest import interest_post_year
from funds.models import RunStatus
from pension.errors import Conflict
from pension.models import User


class Command(BaseCommand):
    help = "Post the yearly interest of individual accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="username recorded as the requester (a county business officer)")

    def handle(self, *args, **opts):
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"no user {opts['user']!r}")
        try:
            run = interest_post_year(actor=actor, year=opts["year"])
        except Conflict as exc:
            # Already posted (or being posted): nothing to do, and that is not an error.
            self.stdout.write(" ".join(exc.messages))
            return
        except ValidationError as exc:
            # Not ended, no rate, previous year not posted: nothing was changed.
            raise CommandError(" ".join(exc.messages))
        if run.status == RunStatus.FAILED:
            raise CommandError(f"run {run.pk} failed: {run.error}")
        elapsed = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"run {run.pk} {run.status}: year {run.year}, {run.accounts} accounts, {run.entries} entries, "
            f"total interest {run.total_interest} yuan, {elapsed:.1f} s"
        )
