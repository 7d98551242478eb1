"""Interest services: the county's yearly rate (`interest_rate_set`), and posting a year as a run record and its
task (`interest_run_request` → task `funds.post_interest` → `interest_run_execute`)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pension import outbox
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.params import MAX_YEAR, MIN_YEAR, is_ascii_digits
from pension.permissions import has_post, require_post
from pension.runs import claim_run

from ..models import (
    AccountEntry,
    InterestPosting,
    InterestRate,
    InterestRun,
    MonthRule,
    RoundingMode,
    RunStatus,
)
from ..permissions import INTEREST_POSTERS
from .engines import _insert_interest_python, _insert_interest_sql


def _today() -> datetime.date:
    return timezone.localdate()


def _check_can_post(year: int) -> InterestRate:
    if year >= _today().year:
        raise ValidationError(
            {"year": _("The year %(year)s has not ended; its interest is posted after 31 December.") % {"year": year}}
        )
    rate = InterestRate.objects.filter(year=year).first()
    if rate is None:
        raise ValidationError({"year": _("No interest rate is entered for %(year)s.") % {"year": year}})
    if (
        not InterestPosting.objects.filter(year=year - 1).exists()
        and AccountEntry.objects.filter(value_date__lt=datetime.date(year, 1, 1)).exists()
    ):
        raise ValidationError(
            {"year": _("Post the interest of %(previous)s first: it is part of %(year)s's opening balance.")
             % {"previous": year - 1, "year": year}}
        )
    return rate


def postings_wait_from(year: int) -> None:
    """Share-lock the rate rows of `year` and later. A posting holds its year's row FOR UPDATE while it
    runs, so a credit, a reversal or a death's take-back either waits for it and then sees it, or commits
    before the posting's INSERT … SELECT starts and is counted by it: never neither."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM funds_interestrate WHERE year >= %s FOR SHARE", [year])


def _require_poster(actor) -> None:
    # actor None is the operator's management command (shell access to the server).
    if actor is not None and not has_post(actor, INTEREST_POSTERS):
        raise PermissionDenied(_("Only the county business section posts interest."))


RATE_FIELDS = ["year", "rate_percent", "rounding", "month_rule", "source"]


@transaction.atomic
def interest_rate_set(
    *, actor, year: int, rate_percent: Decimal, rounding: str, month_rule: str, source: str = ""
) -> InterestRate:
    """Enter or correct a year's rate. Refused once the year is posted."""
    require_post(actor, INTEREST_POSTERS, _("Only the county business section enters interest rates."))
    errors = {}
    if not is_ascii_digits(str(year)) or not MIN_YEAR <= int(str(year)) <= MAX_YEAR:
        errors["year"] = _("Enter a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
    rate_percent = Decimal(rate_percent)
    if not Decimal(0) <= rate_percent < Decimal(20):
        errors["rate_percent"] = _("The annual rate is a percentage between 0 and 20.")
    elif rate_percent.as_tuple().exponent < -4:
        errors["rate_percent"] = _("The annual rate has at most four decimal places.")
    if rounding not in RoundingMode.values:
        errors["rounding"] = _("Unknown rounding rule.")
    if month_rule not in MonthRule.values:
        errors["month_rule"] = _("Unknown month rule.")
    if errors:
        raise ValidationError(errors)
    if InterestPosting.objects.filter(year=year).exists():
        raise Conflict({"year": _("The interest of %(year)s is already posted; its rate can no longer change.")
                        % {"year": year}})
    rate = InterestRate.objects.select_for_update().filter(year=year).first()
    before = snapshot(rate, RATE_FIELDS) if rate else None
    if rate is None:
        rate = InterestRate(year=year)
    rate.rate_percent, rate.rounding, rate.month_rule = rate_percent, rounding, month_rule
    rate.source, rate.updated_by = (source or "").strip()[:200], actor
    rate.save()
    log_operation(actor=actor, action="interest_rate.set", obj=rate, before=before,
                  after=snapshot(rate, RATE_FIELDS))
    return rate


@transaction.atomic
def interest_run_request(*, actor, year: int, enqueue: bool = True) -> InterestRun:
    """Queue the posting of a year's interest (the county officer's button). The Celery task is sent
    after this transaction commits, with the run's id."""
    _require_poster(actor)
    _check_can_post(year)
    posting = InterestPosting.objects.filter(year=year).first()
    if posting is not None:
        raise Conflict({"year": _("The interest of %(year)s was already posted on %(date)s; nothing to do.")
                        % {"year": year, "date": timezone.localtime(posting.posted_at).date().isoformat()}})
    if InterestRun.objects.filter(year=year, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise Conflict({"year": _("The interest of %(year)s is already being posted.") % {"year": year}})
    run = InterestRun.objects.create(year=year, requested_by=actor)
    log_operation(actor=actor, action="interest.request", obj=run, after={"year": year})
    if enqueue:
        # Through the outbox: the message is a row of this transaction, sent after commit (or by the flush job
        # once Redis is back), so no run stays queued forever.
        run.outbox_message = outbox.enqueue("funds.post_interest", run_id=run.pk)
    return run


def interest_run_execute(*, run_id: int) -> InterestRun:
    """Carry out a queued run. Running the same run again does nothing (the task is idempotent)."""
    claimed = claim_run(InterestRun, run_id, waiting=Q(status=RunStatus.QUEUED), status=RunStatus.RUNNING,
                        started_at=timezone.now())
    run = InterestRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        with transaction.atomic():
            status, accounts, entries, total = _post_year(run)
    except Exception as exc:  # the run records every failure; nothing of the posting was written
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        InterestRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=message[:2000]
        )
    else:
        InterestRun.objects.filter(pk=run_id).update(
            status=status, finished_at=timezone.now(), accounts=accounts, entries=entries, total_interest=total
        )
    run.refresh_from_db()
    return run


def interest_post_year(*, actor, year: int) -> InterestRun:
    """Request and carry out a posting at once (the management command)."""
    run = interest_run_request(actor=actor, year=year, enqueue=False)
    return interest_run_execute(run_id=run.pk)


def _post_year(run: InterestRun) -> tuple[str, int, int, Decimal]:
    year = run.year
    # Lock the year's rate row: concurrent runs of one year queue here, and the rate cannot change under us.
    InterestRate.objects.select_for_update().filter(year=year).first()
    rate = _check_can_post(year)
    if InterestPosting.objects.filter(year=year).exists():
        return RunStatus.SKIPPED, 0, 0, Decimal("0.00")
    posting = InterestPosting.objects.create(
        year=year, run=run, rate_percent=rate.rate_percent, rounding=rate.rounding, month_rule=rate.month_rule,
        accounts=0, entries=0, total_interest=Decimal("0.00"), posted_by=run.requested_by,
    )
    if connection.vendor == "postgresql":
        accounts, entries, total = _insert_interest_sql(year=year, rate=rate, posting=posting, actor=run.requested_by)
    else:
        accounts, entries, total = _insert_interest_python(year=year, rate=rate, posting=posting,
                                                           actor=run.requested_by)
    posting.accounts, posting.entries, posting.total_interest = accounts, entries, total
    posting.save(update_fields=["accounts", "entries", "total_interest"])
    log_operation(
        actor=run.requested_by,
        action="interest.post",
        obj=posting,
        after={"year": year, "rate_percent": str(rate.rate_percent), "rounding": rate.rounding,
               "month_rule": rate.month_rule, "accounts": accounts, "entries": entries, "total": str(total)},
    )
    return RunStatus.SUCCEEDED, accounts, entries, total
