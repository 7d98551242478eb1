"""Closing accounts and recovering overpayments.

On a death the remaining account balance (plus the funeral grant, if the county pays one) goes to the heirs once;
on double receipt the balance less the government subsidies is refunded (the subsidies go back). Either way an
overpayment still owed is deducted from that payment first. Overpayments are otherwise recovered by repayment or
instalments, each recorded; what is still owed is always the amount less the recoveries.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import selectors as funds_selectors
from funds import services as funds_services
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post
from pension.posts import Post

from ..models import (
    Overpayment,
    Recipient,
    RecipientStatus,
    Recovery,
    RecoveryMethod,
    Settlement,
    SettlementKind,
    StopReason,
)
from ..selectors.parameters import parameter_in_force

ZERO = Decimal("0.00")
RECOVERERS = frozenset({Post.COUNTY_OFFICER, Post.COUNTY_FINANCE})


def outstanding(overpayment: Overpayment) -> Decimal:
    recovered = overpayment.recoveries.aggregate(s=Sum("amount"))["s"] or ZERO
    return overpayment.amount - recovered


def _record(overpayment, *, method, amount, date, note, actor) -> Recovery:
    recovery = Recovery.objects.create(overpayment=overpayment, method=method, amount=amount, date=date, note=note,
                                       created_by=actor if getattr(actor, "pk", None) else None)
    log_operation(actor=actor, action="overpayment.recover", obj=recovery,
                  after=snapshot(recovery, ["overpayment", "method", "amount", "date", "note"]),
                  area=overpayment.recipient.village)
    return recovery


@transaction.atomic
def recovery_record(*, actor, overpayment: Overpayment, method: str, amount, date: datetime.date | None = None,
                    note: str = "") -> Recovery:
    """One repayment or instalment received on an overpayment (never more than is still owed)."""
    require_post(actor, RECOVERERS, _("Only a county business officer or county finance records a recovery."))
    overpayment = Overpayment.objects.select_for_update().get(pk=overpayment.pk)
    if method not in (RecoveryMethod.REPAYMENT, RecoveryMethod.INSTALMENT):
        raise ValidationError({"method": _("Choose repayment or instalment (deductions are made by settlements).")})
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except Exception:  # noqa: BLE001
        raise ValidationError({"amount": _("Enter an amount in yuan.")})
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount in yuan, more than zero.")})
    owed = outstanding(overpayment)
    if amount > owed:
        raise ValidationError({"amount": _("Only %(owed)s yuan is still owed.") % {"owed": owed}})
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    return _record(overpayment, method=method, amount=amount, date=date, note=(note or "").strip()[:200],
                   actor=actor)


@transaction.atomic
def settlement_close(*, actor, recipient: Recipient) -> Settlement:
    """Close the stopped recipient's account once: to the heirs (death) or as a refund less subsidies (double
    receipt), deducting overpayments still owed. Called by the stop services; closing twice is a conflict."""
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.status != RecipientStatus.STOPPED:
        raise Conflict({"status": _("Only a stopped pension closes its account.")})
    if Settlement.objects.filter(recipient=recipient).exists():
        raise Conflict({"recipient": _("This account has already been settled.")})
    today = timezone.localdate()
    parts = funds_services.account_close_out(actor=actor, resident_id=recipient.resident_id, value_date=today,
                                             reason=f"settlement of recipient {recipient.pk}")
    balance = sum(parts.values(), ZERO)
    if recipient.stop_reason == StopReason.DEATH:
        kind, subsidies = SettlementKind.HEIRS, ZERO
        grant = parameter_in_force(month=recipient.stopped_on).funeral_grant
    else:
        kind, grant = SettlementKind.REFUND, ZERO
        subsidies = sum((a for c, a in parts.items() if c in funds_selectors.GOVERNMENT_COMPONENTS), ZERO)
    available = balance - subsidies + grant
    deducted = ZERO
    for over in Overpayment.objects.select_for_update().filter(recipient=recipient).order_by("created_at", "id"):
        take = min(outstanding(over), available - deducted)
        if take > 0:
            _record(over, method=RecoveryMethod.DEDUCTION, amount=take, date=today,
                    note=_("deducted from the settlement"), actor=actor)
            deducted += take
    settlement = Settlement.objects.create(
        recipient=recipient, kind=kind, balance=balance, subsidies=subsidies, funeral_grant=grant,
        deducted=deducted, amount=available - deducted, created_by=actor if getattr(actor, "pk", None) else None)
    log_operation(actor=actor, action="settlement.close", obj=settlement,
                  after=snapshot(settlement, ["recipient", "kind", "balance", "subsidies", "funeral_grant",
                                              "deducted", "amount"]), area=recipient.village)
    return settlement
