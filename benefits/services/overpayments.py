"""Closing accounts and recovering overpayments, each checked by a second person.

On a death the remaining account balance (plus the funeral grant, if the county pays one) goes to the heirs once;
on double receipt the balance less the government subsidies is refunded (the subsidies go back). Either way an
overpayment still owed is deducted from that payment first. The settlement is computed when the pension stops and
takes effect (account closed, deductions recorded) only when a county officer or county finance other than the
one who stopped the pension approves it. Overpayments are otherwise recovered by repayment or instalments: one
person records the money received, another confirms it; what is still owed is the amount less the confirmed
recoveries, always visible.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import selectors as funds_selectors
from funds import services as funds_services
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post
from pension.posts import Post
from pension.scope import area_in_scope

from ..models import (
    Overpayment,
    Recipient,
    RecipientStatus,
    Recovery,
    RecoveryMethod,
    RecoveryStatus,
    Settlement,
    SettlementCorrection,
    SettlementKind,
    SettlementStatus,
    StopReason,
)
from ..selectors.parameters import parameter_in_force

ZERO = Decimal("0.00")
RECOVERERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE})
RECOVERY_FIELDS = ["overpayment", "method", "amount", "date", "note", "status", "created_by", "checker",
                   "reject_reason", "reverses"]
SETTLEMENT_FIELDS = ["recipient", "kind", "balance", "subsidies", "funeral_grant", "deducted", "amount", "status",
                     "created_by", "checker", "payee_name", "payee_account"]


def outstanding(overpayment: Overpayment) -> Decimal:
    """Still owed: the amount less the confirmed recoveries."""
    recovered = overpayment.recoveries.filter(status=RecoveryStatus.CONFIRMED).aggregate(s=Sum("amount"))["s"]
    return overpayment.amount - (recovered or ZERO)


def _pending(overpayment: Overpayment) -> Decimal:
    """Recoveries recorded and waiting (a reversal waiting does not make room for more until it is confirmed)."""
    return overpayment.recoveries.filter(status=RecoveryStatus.PROPOSED, amount__gt=0).aggregate(
        s=Sum("amount"))["s"] or ZERO


def _person(actor):
    return actor if getattr(actor, "pk", None) else None


def _in_scope(actor, recipient: Recipient) -> None:
    if not area_in_scope(actor, recipient.village):
        raise Http404


@transaction.atomic
def recovery_record(*, actor, overpayment: Overpayment, method: str, amount, date: datetime.date | None = None,
                    note: str = "") -> Recovery:
    """One repayment or instalment received on an overpayment, waiting for a second person's confirmation
    (never more than is still owed, counting the recoveries already waiting)."""
    require_post(actor, RECOVERERS, _("Only a county business officer or county finance records a recovery."))
    overpayment = Overpayment.objects.select_for_update().select_related("recipient__village").get(pk=overpayment.pk)
    _in_scope(actor, overpayment.recipient)
    if method not in (RecoveryMethod.REPAYMENT, RecoveryMethod.INSTALMENT):
        raise ValidationError({"method": _("Choose repayment or instalment (deductions are made by settlements).")})
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except Exception:  # noqa: BLE001
        raise ValidationError({"amount": _("Enter an amount in yuan.")})
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount in yuan, more than zero.")})
    owed = outstanding(overpayment) - _pending(overpayment)
    if amount > owed:
        raise ValidationError({"amount": _("Only %(owed)s yuan is still owed.") % {"owed": owed}})
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    recovery = Recovery.objects.create(overpayment=overpayment, method=method, amount=amount, date=date,
                                       note=(note or "").strip()[:200], created_by=_person(actor))
    log_operation(actor=actor, action="recovery.record", obj=recovery, after=snapshot(recovery, RECOVERY_FIELDS),
                  area=overpayment.recipient.village)
    return recovery


@transaction.atomic
def recovery_reverse(*, actor, recovery: Recovery, reason: str) -> Recovery:
    """Propose reversing a confirmed recovery (the money never arrived, the bank returned it; or a settlement's
    deduction of an overpayment that was not owed): a new recovery of the negative amount, waiting for a second
    person's confirmation (recovery_confirm / recovery_reject). Once confirmed what is owed goes back up, and a
    reversed deduction is paid out as a correction of the approved settlement; the reversed recovery and the
    settlement are never changed."""
    require_post(actor, RECOVERERS, _("Only a county business officer or county finance reverses a recovery."))
    original = Recovery.objects.select_for_update().select_related("overpayment__recipient__village").get(
        pk=recovery.pk)
    _in_scope(actor, original.overpayment.recipient)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the recovery is reversed.")})
    if original.status != RecoveryStatus.CONFIRMED or original.reverses_id is not None:
        raise Conflict({"recovery": _("Only a confirmed recovery can be reversed.")})
    if original.method == RecoveryMethod.DEDUCTION and _settlement_of(original) is None:
        raise Conflict({"recovery": _("This deduction belongs to no approved settlement.")})
    if original.reversals.filter(status__in=[RecoveryStatus.PROPOSED, RecoveryStatus.CONFIRMED]).exists():
        raise Conflict({"recovery": _("This recovery has already been reversed, or a reversal is waiting.")})
    reversal = Recovery.objects.create(overpayment=original.overpayment, method=original.method,
                                       amount=-original.amount, date=timezone.localdate(), note=reason[:200],
                                       created_by=_person(actor), reverses=original)
    log_operation(actor=actor, action="recovery.reverse", obj=reversal, after=snapshot(reversal, RECOVERY_FIELDS),
                  reason=reason, area=original.overpayment.recipient.village)
    return reversal


def _settlement_of(deduction: Recovery) -> Settlement | None:
    """The approved settlement a deduction was taken from (deductions are made only when one is approved)."""
    return Settlement.objects.select_for_update().filter(recipient_id=deduction.overpayment.recipient_id,
                                                         status=SettlementStatus.APPROVED).first()


def _correct_settlement(actor, reversal: Recovery) -> SettlementCorrection:
    """The reversed deduction goes back to the heirs or the refunded person, as a payment row of its own."""
    settlement = _settlement_of(reversal.reverses)
    if settlement is None:
        raise Conflict({"recovery": _("This deduction belongs to no approved settlement.")})
    correction = SettlementCorrection.objects.create(settlement=settlement, reversal=reversal,
                                                     amount=-reversal.amount, created_by=reversal.created_by,
                                                     checker=actor)
    log_operation(actor=actor, action="settlement.correct", obj=correction,
                  after=snapshot(correction, ["settlement", "reversal", "amount", "created_by", "checker"]),
                  reason=reversal.note, area=reversal.overpayment.recipient.village)
    return correction


def _recovery_for_check(actor, recovery: Recovery) -> Recovery:
    require_post(actor, RECOVERERS, _("Only a county business officer or county finance checks a recovery."))
    recovery = Recovery.objects.select_for_update().select_related("overpayment__recipient__village").get(
        pk=recovery.pk)
    _in_scope(actor, recovery.overpayment.recipient)
    if recovery.created_by_id == actor.pk:
        raise ValidationError({"checker": _("You recorded this recovery; someone else must confirm it.")})
    if recovery.status != RecoveryStatus.PROPOSED:
        raise Conflict({"status": _("This recovery is not waiting for a check.")})
    return recovery


@transaction.atomic
def recovery_confirm(*, actor, recovery: Recovery) -> Recovery:
    """A second person confirms the money was received: it now counts against what is owed (a confirmed reversal
    of a settlement's deduction also pays the amount out as a settlement correction)."""
    recovery = _recovery_for_check(actor, recovery)
    Overpayment.objects.select_for_update().get(pk=recovery.overpayment_id)
    if recovery.reverses_id is not None and recovery.reverses.status != RecoveryStatus.CONFIRMED:
        raise Conflict({"status": _("Only a confirmed recovery can be reversed.")})
    if recovery.amount > outstanding(recovery.overpayment):
        raise Conflict({"amount": _("Only %(owed)s yuan is still owed.") % {
            "owed": outstanding(recovery.overpayment)}})
    before = snapshot(recovery, RECOVERY_FIELDS)
    recovery.status, recovery.checker, recovery.checked_at = RecoveryStatus.CONFIRMED, actor, timezone.now()
    recovery.save(update_fields=["status", "checker", "checked_at"])
    log_operation(actor=actor, action="recovery.confirm", obj=recovery, before=before,
                  after=snapshot(recovery, RECOVERY_FIELDS), area=recovery.overpayment.recipient.village)
    if recovery.reverses_id is not None and recovery.reverses.method == RecoveryMethod.DEDUCTION:
        _correct_settlement(actor, recovery)
    return recovery


@transaction.atomic
def recovery_reject(*, actor, recovery: Recovery, reason: str) -> Recovery:
    recovery = _recovery_for_check(actor, recovery)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the recovery is rejected.")})
    before = snapshot(recovery, RECOVERY_FIELDS)
    recovery.status, recovery.checker, recovery.checked_at = RecoveryStatus.REJECTED, actor, timezone.now()
    recovery.reject_reason = reason[:200]
    recovery.save(update_fields=["status", "checker", "checked_at", "reject_reason"])
    log_operation(actor=actor, action="recovery.reject", obj=recovery, before=before,
                  after=snapshot(recovery, RECOVERY_FIELDS), reason=reason, area=recovery.overpayment.recipient.village)
    return recovery


def _amounts(recipient: Recipient, parts: dict) -> dict:
    """Balance, subsidies kept back, funeral grant, overpayments deducted (oldest first) and the amount paid."""
    balance = sum(parts.values(), ZERO)
    if recipient.stop_reason == StopReason.DEATH:
        kind, subsidies = SettlementKind.HEIRS, ZERO
        grant = parameter_in_force(month=recipient.stopped_on).funeral_grant
    else:
        kind, grant = SettlementKind.REFUND, ZERO
        subsidies = sum((a for c, a in parts.items() if c in funds_selectors.GOVERNMENT_COMPONENTS), ZERO)
    available = balance - subsidies + grant
    deductions, deducted = [], ZERO
    for over in Overpayment.objects.select_for_update().filter(recipient=recipient).order_by("created_at", "id"):
        take = min(outstanding(over), available - deducted)
        if take > 0:
            deductions.append((over, take))
            deducted += take
    return {"kind": kind, "balance": balance, "subsidies": subsidies, "funeral_grant": grant, "deducted": deducted,
            "amount": available - deducted, "deductions": deductions}


@transaction.atomic
def settlement_close(*, actor, recipient: Recipient, payee_name: str = "", payee_account: str = "") -> Settlement:
    """Compute the stopped recipient's settlement once: to the heirs (death) or a refund less subsidies (double
    receipt), less overpayments still owed. Called by the stop services; it waits for `settlement_approve`. The
    payee (the heir) is recorded when not the recipient's own name and account (also later: `settlement_payee`)."""
    payee_name, payee_account = _clean_payee(payee_name, payee_account)
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.status != RecipientStatus.STOPPED:
        raise Conflict({"status": _("Only a stopped pension closes its account.")})
    if Settlement.objects.filter(recipient=recipient).exists():
        raise Conflict({"recipient": _("This account has already been settled.")})
    a = _amounts(recipient, funds_selectors.account_components_of(resident_id=recipient.resident_id))
    settlement = Settlement.objects.create(
        recipient=recipient, kind=a["kind"], balance=a["balance"], subsidies=a["subsidies"],
        funeral_grant=a["funeral_grant"], deducted=a["deducted"], amount=a["amount"], created_by=_person(actor),
        payee_name=payee_name, payee_account=payee_account)
    log_operation(actor=actor, action="settlement.compute", obj=settlement,
                  after=snapshot(settlement, SETTLEMENT_FIELDS), area=recipient.village)
    return settlement


def _clean_payee(name, account) -> tuple[str, str]:
    name, account = (name or "").strip(), "".join((account or "").split())
    if account and (not account.isascii() or not account.isdigit() or not 12 <= len(account) <= 32):
        raise ValidationError({"payee_account": _("Enter the bank account as 12 to 32 digits.")})
    if bool(name) != bool(account) or len(name) > 50:
        raise ValidationError({"payee_name": _("Enter the payee's name and bank account together.")})
    return name, account


@transaction.atomic
def settlement_payee(*, actor, settlement: Settlement, payee_name: str, payee_account: str) -> Settlement:
    """Record who receives a settlement not yet paid (the heir's name and account); blank both for the recipient's
    own account."""
    require_post(actor, RECOVERERS, _("Only a county business officer or county finance records the payee."))
    settlement = Settlement.objects.select_for_update().select_related("recipient__village").get(pk=settlement.pk)
    _in_scope(actor, settlement.recipient)
    if settlement.payments.exists():
        raise Conflict({"payee_account": _("This settlement has already been sent to the bank.")})
    before = snapshot(settlement, SETTLEMENT_FIELDS)
    settlement.payee_name, settlement.payee_account = _clean_payee(payee_name, payee_account)
    settlement.save(update_fields=["payee_name", "payee_account"])
    log_operation(actor=actor, action="settlement.payee", obj=settlement, before=before,
                  after=snapshot(settlement, SETTLEMENT_FIELDS), area=settlement.recipient.village)
    return settlement


@transaction.atomic
def settlement_approve(*, actor, settlement: Settlement) -> Settlement:
    """A second person approves: the account is closed out (through funds), the overpayments deducted are recorded
    as confirmed recoveries, and the amounts are those of this moment."""
    require_post(actor, RECOVERERS, _("Only a county business officer or county finance approves a settlement."))
    settlement = Settlement.objects.select_for_update().select_related("recipient__village").get(pk=settlement.pk)
    recipient = settlement.recipient
    _in_scope(actor, recipient)
    if settlement.created_by_id == actor.pk:
        raise ValidationError({"checker": _("You stopped this pension; someone else must approve its settlement.")})
    if settlement.status != SettlementStatus.PROPOSED:
        raise Conflict({"status": _("This settlement is not waiting for approval.")})
    before = snapshot(settlement, SETTLEMENT_FIELDS)
    today = timezone.localdate()
    parts = funds_services.account_close_out(actor=actor, resident_id=recipient.resident_id, value_date=today,
                                             reason=f"settlement of recipient {recipient.pk}")
    a = _amounts(recipient, parts)
    for over, take in a["deductions"]:
        Recovery.objects.create(overpayment=over, method=RecoveryMethod.DEDUCTION, amount=take, date=today,
                                note=_("deducted from the settlement"), created_by=settlement.created_by,
                                status=RecoveryStatus.CONFIRMED, checker=actor, checked_at=timezone.now())
    for field in ("kind", "balance", "subsidies", "funeral_grant", "deducted", "amount"):
        setattr(settlement, field, a[field])
    settlement.status, settlement.checker, settlement.checked_at = SettlementStatus.APPROVED, actor, timezone.now()
    settlement.save()
    log_operation(actor=actor, action="settlement.approve", obj=settlement, before=before,
                  after=snapshot(settlement, SETTLEMENT_FIELDS), area=recipient.village)
    return settlement
