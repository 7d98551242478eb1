"""The progress computation: a few GROUP BY queries, rolled up in memory, written as one day's snapshots.

Idempotent: recomputing a day supersedes that day's current rows (kept, ``current=False``) in the same
transaction that writes the new ones, so there is always exactly one current row per area per day. On
PostgreSQL the reads run in one REPEATABLE READ transaction (one consistent moment) and an advisory lock
serialises two computations of the same year.
"""

import logging
import traceback
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from certification import services as certification_services
from collection import selectors as collection_selectors
from enrollment import selectors as enrollment_selectors
from pension import outbox
from pension.money import ZERO
from pension.oplog import log_operation
from pension.permissions import require_post
from pension.runs import claim_run

from .. import selectors
from ..apps import MANAGERS
from ..models import Level, ProgressRun, Snapshot

log = logging.getLogger(__name__)
PCT = Decimal("0.01")
LOCK_BASE = 0x50524F47  # "PROG": advisory-lock namespace of this app
MIN_YEAR, MAX_YEAR = 2009, 2100  # the scheme started in 2009


def _pct(part, whole) -> Decimal | None:
    if whole is None or whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PCT, rounding=ROUND_HALF_UP)


def _check_year(year) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Enter a year between 2009 and 2100.")})
    return year


def _sum_targets(targets):
    """Sum of target rows' numbers; None when there is no row."""
    targets = [t for t in targets if t is not None]
    if not targets:
        return None
    return {
        "target_enrolment": sum(t["target_enrolment"] for t in targets),
        "target_paying": sum(t["target_paying"] for t in targets),
        "target_amount": sum((t["target_amount"] for t in targets), ZERO),
        "eligible": sum(t["eligible"] for t in targets),
    }


def _target_dict(target):
    if target is None:
        return None
    return {
        "target_enrolment": target.enrolment_target,
        "target_paying": target.paying_target,
        "target_amount": target.amount_target,
        "eligible": target.eligible,
    }


COUNTS = ("enrolled", "paying", "renewals", "new_payers", "new_enrollees", "newly_of_age", "unpaid", "due_eligible",
          "due_awarded")


def build_rows(*, year: int) -> list[dict]:
    """Every area's figures for the year, from three GROUP BY queries and the targets (no per-area query)."""
    county, townships, villages = selectors.county_areas()
    residents = enrollment_selectors.resident_counts_by_village(year=year, of_age=selectors.OF_AGE)
    payments = collection_selectors.payment_counts_by_village(year=year)
    enrolments = enrollment_selectors.new_enrollee_counts_by_village(year=year)
    payouts = benefits_selectors.payout_counts_by_village(year=year)
    recipients = benefits_selectors.recipients_not_enrolled_by_village()
    targets = selectors.current_targets(year=year)

    def blank():
        return {**dict.fromkeys(COUNTS, 0), "amount": ZERO}

    by_township = {t.id: blank() for t in townships}
    village_targets: dict[int, list] = {t.id: [] for t in townships}
    rows = []
    for v in villages:
        r, p = residents.get(v.id, {}), payments.get(v.id, {})
        paying, renewals = p.get("paying", 0), p.get("renewals", 0)
        figures = {
            # People receiving a pension count as enrolled (issue 10 item 10, `selectors.enrolment_rate`).
            "enrolled": r.get("enrolled", 0) + recipients.get(v.id, 0),
            "newly_of_age": r.get("newly_of_age", 0),
            "paying": paying,
            "renewals": renewals,
            "new_payers": paying - renewals,
            "new_enrollees": enrolments.get(v.id, 0),
            "amount": p.get("amount") or ZERO,
            # Only residents of paying age (16-59 in the year) can be unpaid (issue 10 item 1).
            "unpaid": r.get("payable", 0) - p.get("paying_payable", 0),
            "due_eligible": payouts.get(v.id, {}).get("due_eligible", 0),
            "due_awarded": payouts.get(v.id, {}).get("due_awarded", 0),
        }
        total = by_township.setdefault(v.township_id, blank())
        for key, value in figures.items():
            total[key] += value
        target = _target_dict(targets.get(v.id))
        village_targets.setdefault(v.township_id, []).append(target)
        rows.append({"level": Level.VILLAGE, "area": v, "parent_id": v.parent_id, "township_id": v.township_id,
                     **figures, "targets": target})
    county_total = blank()
    township_targets = []
    for t in townships:
        figures = by_township[t.id]
        for key, value in figures.items():
            county_total[key] += value
        # A township's own agreement row wins; without one, its villages' rows add up to it.
        target = _target_dict(targets.get(t.id)) or _sum_targets(village_targets.get(t.id, []))
        township_targets.append(target)
        rows.append({"level": Level.TOWNSHIP, "area": t, "parent_id": county.id if county else None,
                     "township_id": t.id, **figures, "targets": target})
    if county is not None:
        rows.append({"level": Level.COUNTY, "area": county, "parent_id": None, "township_id": None, **county_total,
                     "targets": _sum_targets(township_targets)})
    return rows


def _snapshot(row: dict, *, run: ProgressRun, year: int, day) -> Snapshot:
    t = row["targets"] or {}
    return Snapshot(
        run=run, year=year, day=day, level=row["level"], area=row["area"], parent_id=row["parent_id"],
        township_id=row["township_id"], current=True,
        enrolled=row["enrolled"], paying=row["paying"], renewals=row["renewals"], new_payers=row["new_payers"],
        new_enrollees=row["new_enrollees"], amount=row["amount"], newly_of_age=row["newly_of_age"],
        unpaid=row["unpaid"],
        target_enrolment=t.get("target_enrolment"), target_paying=t.get("target_paying"),
        target_amount=t.get("target_amount"), eligible=t.get("eligible"),
        pct_target=_pct(row["paying"], t.get("target_paying")),
        pct_amount=_pct(row["amount"], t.get("target_amount")),
        pct_enrolment_target=_pct(row["enrolled"], t.get("target_enrolment")),
        enrolment_rate=selectors.enrolment_rate(enrolled=row["enrolled"], eligible=t.get("eligible")),
        due_eligible=row["due_eligible"], due_awarded=row["due_awarded"],
        payout_rate=_pct(row["due_awarded"], row["due_eligible"]),
    )


@transaction.atomic
def progress_run_request(*, actor, year: int, trigger: str = ProgressRun.Trigger.BUTTON) -> ProgressRun:
    """Queue a computation (the on-demand button): the task is sent after this transaction commits."""
    require_post(actor, MANAGERS, _("Only county business officers start a progress computation."))
    _check_year(year)
    run = ProgressRun.objects.create(year=year, trigger=trigger, requested_by=actor)
    log_operation(actor=actor, action="progress.request", obj=run, after={"year": year, "trigger": trigger})
    # Through the outbox: the message is a row of this transaction, sent after commit (or by the flush job once
    # Redis is back). In eager mode a failing computation is recorded on its run, not raised into the page.
    run.outbox_message = outbox.enqueue("progress.compute_progress", run_id=run.pk)
    return run


def progress_compute(
    *, run_id: int | None = None, year: int | None = None, trigger: str = ProgressRun.Trigger.SCHEDULE, actor=None
) -> ProgressRun:
    """Compute one day's snapshots for a year and record the run. Safe to call again: a finished run is
    returned as it is; a new run for the same day supersedes that day's rows."""
    if run_id is None:
        year = _check_year(year or timezone.localdate().year)
        run_id = ProgressRun.objects.create(year=year, trigger=trigger, requested_by=actor).pk
    claimed = claim_run(ProgressRun, run_id, waiting=Q(status=ProgressRun.Status.QUEUED),
                        status=ProgressRun.Status.RUNNING, started_at=timezone.now(), error="")
    run = ProgressRun.objects.get(pk=run_id)
    if not claimed:  # finished, or another worker has it
        return run
    try:
        rows = _compute(run)
    except Exception as exc:
        run.status, run.finished_at = ProgressRun.Status.FAILED, timezone.now()
        run.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[:4000]
        run.save(update_fields=["status", "finished_at", "error"])
        log.exception("progress run %s failed", run.pk)
        raise
    run.status, run.finished_at, run.rows = ProgressRun.Status.SUCCEEDED, timezone.now(), rows
    run.save(update_fields=["status", "finished_at", "rows", "day"])
    return run


def _compute(run: ProgressRun) -> int:
    postgres = connection.vendor == "postgresql"
    if postgres:
        # A session lock taken before the transaction starts, so a run that waited for another one reads
        # (and supersedes) what that one wrote.
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_BASE, run.year])
    try:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if postgres:
                with connection.cursor() as cur:
                    if outermost:
                        # Every aggregate below sees the same moment.
                        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    # JIT compiling these few big aggregates costs more than it saves (measured: 2 s of 6).
                    cur.execute("SET LOCAL jit = off")
            day = timezone.localdate()
            rows = build_rows(year=run.year)
            superseded = Snapshot.objects.filter(year=run.year, day=day, current=True).update(current=False)
            Snapshot.objects.bulk_create(
                [_snapshot(r, run=run, year=run.year, day=day) for r in rows], batch_size=1000
            )
            # The certification pass rate is snapshotted by the same job, on the same day.
            certification_services.pass_snapshot_compute(day=day, actor=run.requested_by)
            run.day = day
            log_operation(
                actor=run.requested_by, action="progress.compute", obj=run,
                after={"year": run.year, "day": day.isoformat(), "rows": len(rows), "superseded": superseded},
            )
    finally:
        if postgres:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_BASE, run.year])
    return len(rows)
