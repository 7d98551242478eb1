"""Contributions: entry by the township (first review), resubmission or cancellation of returned entries.
Approval or return by the county (second review) and the reversal of approved ones are in review.py.

Life of a contribution:
    entered ──approve──▶ approved ──reverse (reason)──▶ reversed
       │  ▲
    return│  │resubmit (township corrects grade, date, channel, receipt)
       ▼  │
    returned ──cancel (reason)──▶ cancelled       (entered can be cancelled by the township too)
The county officer who reviews never edits; only the township changes a returned entry. An approved
contribution is credited to the individual account (funds) in the same transaction and is never edited:
a correction is a reversal with a reason, proposed by one person and confirmed by a second county officer
(services/corrections.py), after which the right contribution is entered anew.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from funds import selectors as funds_selectors
from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import REGISTRARS, require_post
from pension.scope import require_area_in_scope

from ..eligibility import check_standing, standing_from
from ..models import LIVE_STATUSES, Channel, Contribution, ContributionStatus, VoidedReceipt
from ..rules import (
    ZERO,
    Parameters,
    Plan,
    msg_already_paid,
    msg_receipt_no_book,
    msg_receipt_used,
    msg_receipt_voided,
    plan_contribution,
)
from .daylock import cash_footprint, check_day_open
from .receipts import books_holding
from .review import lock_contribution, require_status

if TYPE_CHECKING:
    from enrollment.models import Resident

ENTERERS = REGISTRARS  # township clerks and county business officers take payments
# The unique indexes a contribution can collide on (models.Contribution.Meta.constraints): a year paid twice,
# and a receipt number used twice.
LIVE_CONTRIBUTION_ONCE = ("one_live_normal_contribution_per_year", "one_live_back_payment_per_year")
CONTRIBUTION_COLLISIONS = (*LIVE_CONTRIBUTION_ONCE, "receipt_number_used_once")
LOG_FIELDS = [
    "resident", "township", "village", "year", "kind", "grade", "personal_amount", "hardship_amount",
    "subsidy_central", "subsidy_provincial", "subsidy_municipal", "subsidy_county", "collective_amount",
    "donation_amount", "channel", "receipt_book", "receipt_number", "paid_on", "status", "maker", "checker",
    "return_reason", "cancel_reason",
]


def _lock_resident(actor, resident: Resident) -> Resident:
    # The row lock serialises everything written for one resident: of fifty identical submissions the
    # first inserts and the others find its row (the partial unique index is the last line of defence).
    # One query locks the row and applies the area scope.
    # Out of scope is absent (404), as it is to the page and the API that found the resident.
    locked = enrollment_selectors.resident_lock_for_update(user=actor, pk=resident.pk)
    if locked is None:
        raise Http404
    return locked


def _check_not_paid(resident: Resident, year: int, *, exclude_pk=None) -> None:
    live = Contribution.objects.filter(resident=resident, year=year, status__in=LIVE_STATUSES)
    if exclude_pk:
        live = live.exclude(pk=exclude_pk)
    existing = live.first()
    if existing:
        raise Conflict({"year": msg_already_paid(year, status_label=existing.get_status_display())})


def _check_standing(resident: Resident, plan: Plan, book, *, exclude_pk=None, day_unchanged=False) -> None:
    """Age, back payment and payment date (collection/eligibility.py). `day_unchanged`: a resubmission that leaves
    the day's cash as it was (same day, channel and personal amount) is not refused on a signed-off day."""
    paid = Contribution.objects.filter(resident=resident, status__in=LIVE_STATUSES)
    if exclude_pk:
        paid = paid.exclude(pk=exclude_pk)
    enrollment = enrollment_selectors.enrollment_open_for(resident=resident)
    standing = standing_from(birth_date=resident.birth_date,
                             enrolled_on=enrollment.enrolled_on if enrollment else None,
                             paid_years=paid.values_list("year", flat=True))
    check_standing(standing=standing, campaign=plan.campaign, year=plan.year, paid_on=plan.paid_on,
                   today=timezone.localdate(),
                   book_issued_on=timezone.localtime(book.issued_at).date() if book else None,
                   day_signed_off="" if day_unchanged else funds_selectors.day_lock_message(
                       township_id=resident.township_id, day=plan.paid_on, hold=True))


def _receipt_book_for(resident: Resident, plan: Plan, *, exclude_pk=None):
    if plan.channel != Channel.CASH:
        return None
    number = plan.receipt_number
    book = (books_holding(number).filter(township_id=resident.township_id, written_off_at__isnull=True)
            .first())
    if book is None:
        raise ValidationError({"receipt_number": msg_receipt_no_book(number)})
    if VoidedReceipt.objects.filter(book=book, number=number).exists():
        raise Conflict({"receipt_number": msg_receipt_voided(number)})
    # A number used by another contribution is refused by the unique index at insert (answered as the same
    # Conflict); a resubmitted entry that changes its number is checked here, as it already holds a row.
    if exclude_pk and Contribution.objects.filter(receipt_book=book, receipt_number=number).exclude(
            pk=exclude_pk).exists():
        raise Conflict({"receipt_number": msg_receipt_used(number)})
    return book


def _save_or_conflict(contribution: Contribution, **save_kwargs) -> None:
    try:
        with transaction.atomic():
            contribution.save(**save_kwargs)
    except IntegrityError as exc:
        constraint = violated_constraint(exc)
        if constraint == "receipt_number_used_once":
            raise Conflict({"receipt_number": msg_receipt_used(contribution.receipt_number)})
        if constraint in LIVE_CONTRIBUTION_ONCE:
            raise Conflict({"year": msg_already_paid(contribution.year, status_label=_("just entered"))})
        raise


@transaction.atomic
def contribution_enter(
    *,
    actor,
    resident: Resident,
    year: int,
    grade,
    channel: str,
    receipt_number: str = "",
    paid_on: datetime.date | None = None,
    donation=ZERO,
    params: Parameters | None = None,
) -> Contribution:
    """Take one resident's payment for one year (the township's first review)."""
    require_post(actor, ENTERERS, _("Only township clerks and county business officers take contributions."))
    resident = _lock_resident(actor, resident)
    plan = plan_contribution(
        params=params or Parameters(), resident=resident, year=year, grade=grade, channel=channel,
        receipt_number=receipt_number, paid_on=paid_on, donation=donation, today=timezone.localdate(),
    )
    _check_not_paid(resident, plan.year)
    book = _receipt_book_for(resident, plan)
    _check_standing(resident, plan, book)
    contribution = Contribution(
        resident=resident, township_id=resident.township_id, village_id=resident.village_id, year=plan.year,
        kind=plan.kind, grade=plan.grade, channel=plan.channel, receipt_book=book,
        receipt_number=plan.receipt_number, paid_on=plan.paid_on, status=ContributionStatus.ENTERED, maker=actor,
        **plan.amounts,
    )
    _save_or_conflict(contribution)
    log_operation(actor=actor, action="contribution.enter", obj=contribution,
                  after=snapshot(contribution, LOG_FIELDS), area=resident.village)
    return contribution


def _require_township_side(actor, contribution: Contribution) -> None:
    require_post(actor, ENTERERS, _("Only the township (or a county business officer) changes a returned entry."))
    require_area_in_scope(actor, contribution.village)


@transaction.atomic
def contribution_resubmit(
    *,
    actor,
    contribution: Contribution,
    grade=None,
    channel: str | None = None,
    receipt_number: str | None = None,
    paid_on: datetime.date | None = None,
    donation=None,
) -> Contribution:
    """The township corrects a returned entry and sends it for review again. The same rules as entry apply;
    whoever resubmits becomes the maker (they answer for the corrected entry), so they cannot approve it."""
    contribution = lock_contribution(contribution)
    _require_township_side(actor, contribution)
    if contribution.checker_id == actor.pk:
        raise ValidationError({"checker": _("You reviewed this contribution; the reviewer never edits it.")})
    require_status(contribution, ContributionStatus.RETURNED)
    resident = _lock_resident(actor, contribution.resident)
    before = snapshot(contribution, LOG_FIELDS)
    plan = plan_contribution(
        params=Parameters(), resident=resident, year=contribution.year,
        grade=contribution.grade if grade is None else grade,
        channel=channel or contribution.channel,
        receipt_number=contribution.receipt_number if receipt_number is None else receipt_number,
        paid_on=paid_on or contribution.paid_on,
        donation=contribution.donation_amount if donation is None else donation,
        today=timezone.localdate(),
    )
    _check_not_paid(resident, plan.year, exclude_pk=contribution.pk)
    book = _receipt_book_for(resident, plan, exclude_pk=contribution.pk)
    same_cash = cash_footprint(contribution) == (
        contribution.township_id, plan.paid_on,
        plan.amounts["personal_amount"] if plan.channel == Channel.CASH else ZERO)
    if not same_cash:
        check_day_open(contribution, field="paid_on")
    _check_standing(resident, plan, book, exclude_pk=contribution.pk, day_unchanged=same_cash)
    for field, value in plan.amounts.items():
        setattr(contribution, field, value)
    contribution.kind, contribution.grade, contribution.channel = plan.kind, plan.grade, plan.channel
    contribution.receipt_book, contribution.receipt_number, contribution.paid_on = book, plan.receipt_number, \
        plan.paid_on
    contribution.status = ContributionStatus.ENTERED
    contribution.maker, contribution.checker, contribution.checked_at = actor, None, None
    _save_or_conflict(contribution)
    log_operation(actor=actor, action="contribution.resubmit", obj=contribution, before=before,
                  after=snapshot(contribution, LOG_FIELDS), reason=before.get("return_reason", ""),
                  area=contribution.village)
    return contribution


@transaction.atomic
def contribution_cancel(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """The township withdraws an entry not yet approved (money handed back, entered in error). The row
    stays, with its receipt number, so the paper receipt is still accounted for."""
    contribution = lock_contribution(contribution)
    _require_township_side(actor, contribution)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the entry is cancelled.")})
    require_status(contribution, ContributionStatus.ENTERED, ContributionStatus.RETURNED)
    check_day_open(contribution)
    before = snapshot(contribution, ["status", "cancel_reason"])
    contribution.status = ContributionStatus.CANCELLED
    contribution.cancel_reason = reason
    contribution.save(update_fields=["status", "cancel_reason"])
    log_operation(actor=actor, action="contribution.cancel", obj=contribution, before=before,
                  after=snapshot(contribution, ["status", "cancel_reason"]), reason=reason,
                  area=contribution.village)
    return contribution
