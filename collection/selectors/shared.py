"""Reads offered to other apps: the cash a clerk took (reconciliation) and the payments progress counts."""

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from enrollment import selectors as enrollment_selectors
from enrollment.models import ResidentStanding
from pension.scope import scope_queryset

from ..models import LIVE_STATUSES, Channel, Contribution, ContributionStatus

# funds' daily reconciliation: the cash taken at the counter. What counts and why is set out in
# funds/selectors.py: the personal part of cash contributions that are entered, returned or approved (not
# reversed, not cancelled), on their payment day, in their township.

CASH_COLLECTED_STATUSES = LIVE_STATUSES


def _cash_collected(*, user) -> QuerySet[Contribution]:
    return scope_queryset(user, Contribution.objects.all()).filter(
        channel=Channel.CASH, status__in=CASH_COLLECTED_STATUSES
    )


def cash_collected_totals(
    *, user, date_from: datetime.date | None = None, date_to: datetime.date | None = None,
    township_ids: list[int] | None = None,
) -> dict[tuple[int, datetime.date], tuple[Decimal, int]]:
    """{(township_id, paid_on): (personal amount, number of contributions)} of the cash collected in the user's
    scope, for the days in the range (open ends allowed) and the townships given (all in scope if None), in one
    GROUP BY that the (township, paid_on) index serves. Days without cash are absent."""
    qs = _cash_collected(user=user)
    if date_from is not None:
        qs = qs.filter(paid_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(paid_on__lte=date_to)
    if township_ids is not None:
        qs = qs.filter(township_id__in=list(township_ids))
    rows = qs.values("township_id", "paid_on").annotate(total=Sum("personal_amount"), n=Count("id")).order_by()
    return {(r["township_id"], r["paid_on"]): (r["total"], r["n"]) for r in rows}


def cash_collected_on(*, user, township_id: int, day: datetime.date) -> QuerySet[Contribution]:
    """One township's cash contributions collected on one day, in the user's scope, in receipt order with the
    resident and village loaded: the rows of the reconciliation sheet a clerk ticks off against the paying-in
    slip."""
    return (
        _cash_collected(user=user).filter(township_id=township_id, paid_on=day)
        .select_related("resident", "village").order_by("receipt_number", "id")
    )


def clerk_cash_on(*, user, day: datetime.date) -> QuerySet[Contribution]:
    """The cash this clerk took on one day (their entries paid that day, neither cancelled nor reversed), in
    receipt order: the rows of the clerk's day-end sheet (日结单) for the cash hand-over (issue 11 item 6)."""
    return (_cash_collected(user=user).filter(maker=user, paid_on=day)
            .select_related("resident", "village").order_by("receipt_number", "id"))


def clerk_entries_made_totals(*, user, since) -> dict:
    """How many entries this clerk made since `since` (any channel, not cancelled) and the cash among them."""
    qs = (scope_queryset(user, Contribution.objects.filter(maker=user, made_at__gte=since))
          .exclude(status=ContributionStatus.CANCELLED).order_by())
    return qs.aggregate(count=Count("id"), cash=Sum("personal_amount", filter=Q(channel=Channel.CASH)))


# progress' computation and work list. A contribution counts for progress while it is live (entered, returned
# or approved): a reversed one was corrected away, a cancelled one was handed back or entered in error.


def _counted_for_progress(year: int) -> QuerySet[Contribution]:
    return Contribution.objects.filter(year=year, status__in=LIVE_STATUSES)


def resident_has_paid(*, year: int) -> Exists:
    """True for a resident with a live contribution for the year: an expression over ``OuterRef("pk")``
    for filtering or annotating a queryset of residents that enrollment's selectors returned. Correlated
    (EXISTS) rather than an IN list, so that one village's work list probes the (resident, year) index for its
    own residents instead of reading the whole county's payers."""
    return Exists(_counted_for_progress(year).filter(resident_id=OuterRef("pk")))


def payment_counts_by_village(*, year: int) -> dict[int, dict]:
    """{village_id: {paying, renewals, paying_enrolled, amount}} over the contributions that count for the
    year, in one GROUP BY over the county (progress computes every area at once, unscoped). Counted in the
    village the resident is registered in now, not the one stamped on the contribution, so township and county
    totals are sums of villages and a village's unpaid count equals its work list. A renewal is a payer who
    also paid the year before; paying_enrolled counts payers whose enrolment is active, paying_payable those of
    them of paying age in the year (enrollment's `paying_age_births`: the unpaid count is payable − this)."""
    # An uncorrelated IN: PostgreSQL hashes last year's payers once instead of probing per contribution.
    paid_before = _counted_for_progress(year - 1).values("resident_id")
    rows = (
        _counted_for_progress(year)
        .order_by()
        .values("resident__village_id")
        .annotate(
            paying=Count("resident_id", distinct=True),
            renewals=Count("resident_id", distinct=True, filter=Q(resident_id__in=paid_before)),
            paying_enrolled=Count(
                "resident_id", distinct=True, filter=Q(resident__enrolment_status=ResidentStanding.ACTIVE)
            ),
            paying_payable=Count(
                "resident_id", distinct=True,
                filter=Q(resident__enrolment_status=ResidentStanding.ACTIVE)
                & enrollment_selectors.paying_age_births(year=year, prefix="resident__"),
            ),
            amount=Sum("personal_amount"),
        )
    )
    return {r["resident__village_id"]: r for r in rows}
