"""Cancelling a wrong voucher: one person proposes, a second confirms (a negative row on the same township and
day, never an edit or a delete) or rejects with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post

from ..models import Deposit, DepositReversalProposal
from ..permissions import DEPOSIT_CONFIRMERS, DEPOSIT_WRITERS
from ..signoffs import day_lock_check
from .parsing import DEPOSIT_FIELDS

PROPOSAL_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]


@transaction.atomic
def deposit_reversal_propose(*, actor, deposit: Deposit, reason: str) -> DepositReversalProposal:
    """Propose cancelling a wrong voucher; nothing changes until a second person confirms."""
    require_post(actor, DEPOSIT_WRITERS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling this voucher.")})
    deposit = Deposit.objects.select_for_update().get(pk=deposit.pk)
    day_lock_check(township_id=deposit.township_id, date=deposit.date, field="deposit")
    if deposit.reverses_id is not None:
        raise ValidationError({"deposit": _("A cancellation cannot itself be cancelled.")})
    if Deposit.objects.filter(reverses=deposit).exists():
        raise Conflict({"deposit": _("This voucher is already cancelled.")})
    if deposit.created_by_id == actor.pk:
        raise ValidationError({"proposed_by": _("You recorded this voucher; another person must propose its "
                                                "cancellation.")})
    if DepositReversalProposal.objects.filter(deposit=deposit, status="proposed").exists():
        raise Conflict({"deposit": _("The cancellation of this voucher is already awaiting confirmation.")})
    proposal = DepositReversalProposal.objects.create(deposit=deposit, reason=reason,
                                                      recorded_by_id=deposit.created_by_id, proposed_by=actor)
    log_operation(actor=actor, action="deposit.reversal_propose", obj=deposit, after={"proposal": proposal.pk},
                  reason=reason, area=deposit.township)
    return proposal


def _decide(actor, proposal_pk: int) -> DepositReversalProposal:
    proposal = DepositReversalProposal.objects.select_for_update().select_related("deposit").get(pk=proposal_pk)
    require_post(actor, DEPOSIT_CONFIRMERS)
    if actor.pk in (proposal.proposed_by_id, proposal.recorded_by_id):
        raise ValidationError({"decided_by": _("You proposed this cancellation or recorded the voucher; a second "
                                               "officer must confirm it.")})
    if proposal.status != "proposed":
        raise Conflict({"status": _("This proposal is already %(status)s.")
                        % {"status": proposal.get_status_display()}})
    return proposal


@transaction.atomic
def deposit_reversal_confirm(*, actor, proposal: DepositReversalProposal) -> Deposit:
    """The second officer confirms: the wrong voucher is cancelled by a negative row on the same township and day."""
    proposal = _decide(actor, proposal.pk)
    deposit = Deposit.objects.select_for_update().get(pk=proposal.deposit_id)
    day_lock_check(township_id=deposit.township_id, date=deposit.date, field="deposit")
    if Deposit.objects.filter(reverses=deposit).exists():
        raise Conflict({"deposit": _("This voucher is already cancelled.")})
    reversal = Deposit.objects.create(
        township=deposit.township, date=deposit.date, amount=-deposit.amount,
        voucher_number=deposit.voucher_number, source=deposit.source, reverses=deposit, reason=proposal.reason,
        created_by=actor,
    )
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = "confirmed", actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    log_operation(actor=actor, action="deposit.reverse", obj=reversal, before=before,
                  after=snapshot(reversal, DEPOSIT_FIELDS), reason=proposal.reason, area=deposit.township)
    return reversal


@transaction.atomic
def deposit_reversal_reject(*, actor, proposal: DepositReversalProposal, reason: str) -> DepositReversalProposal:
    proposal = _decide(actor, proposal.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the cancellation is rejected.")})
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = "rejected", actor, timezone.now()
    proposal.decision_note = reason
    proposal.save(update_fields=PROPOSAL_FIELDS)
    log_operation(actor=actor, action="deposit.reversal_reject", obj=proposal, before=before,
                  after=snapshot(proposal, PROPOSAL_FIELDS), reason=reason)
    return proposal
