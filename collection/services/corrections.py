"""Two-person corrections (issue 10 item 5; 经办条例 and DOMAIN.md "nobody reviews their own work"):

- reversing an approved contribution: proposed by a township clerk or county officer, confirmed by a second
  county officer; neither may be the maker of the original entry (service and database);
- voiding a range of receipt numbers: proposed by the township, confirmed by a county officer who is not the
  proposer. (One spoiled receipt is still voided at the counter by one person: the spoiled paper is kept.)

Until confirmed nothing changes: the contribution stays approved, the numbers stay unused. A proposal can be
rejected with a reason by a county officer other than the proposer.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, has_post, require_post
from pension.scope import require_area_in_scope

from ..models import (
    Contribution,
    ContributionReversal,
    ContributionStatus,
    ProposalStatus,
    ReversalProposal,
    VoidedReceipt,
    VoidProposal,
)
from .receipts import check_void_range
from .review import reverse_approved

PROPOSAL_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _require_open(proposal) -> None:
    if proposal.status != ProposalStatus.PROPOSED:
        raise Conflict({"status": _("This proposal is already %(status)s.")
                        % {"status": proposal.get_status_display()}})


def _require_second_officer(actor, proposal, *, maker_id=None) -> None:
    if not has_post(actor, COUNTY_BUSINESS):
        raise PermissionDenied(_("Only a county business officer confirms a correction."))
    if proposal.proposed_by_id == actor.pk:
        raise ValidationError({"decided_by": _("You proposed this correction; a second officer must confirm it.")})
    if maker_id is not None and maker_id == actor.pk:
        raise ValidationError({"decided_by": _("You entered the original contribution; another officer must "
                                               "confirm its reversal.")})


@transaction.atomic
def contribution_reversal_propose(*, actor, contribution: Contribution, reason: str) -> ReversalProposal:
    if not has_post(actor, REGISTRARS):
        raise PermissionDenied(_("Only township clerks and county business officers propose a reversal."))
    contribution = Contribution.objects.select_for_update().select_related("village").get(pk=contribution.pk)
    require_area_in_scope(actor, contribution.village)
    reason = _reason(reason, _("A reversal needs a reason."))
    if contribution.status != ContributionStatus.APPROVED:
        raise Conflict({"status": _("Only an approved contribution is reversed; this one is %(status)s.")
                        % {"status": contribution.get_status_display()}})
    if contribution.maker_id == actor.pk:
        raise ValidationError({"proposed_by": _("You entered this contribution; another person must propose its "
                                                "reversal.")})
    if ReversalProposal.objects.filter(contribution=contribution, status=ProposalStatus.PROPOSED).exists():
        raise Conflict({"contribution": _("A reversal of this contribution is already awaiting confirmation.")})
    proposal = ReversalProposal(contribution=contribution, reason=reason, original_maker_id=contribution.maker_id,
                                proposed_by=actor)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_open_reversal_proposal":
            raise
        raise Conflict({"contribution": _("A reversal of this contribution is already awaiting confirmation.")})
    log_operation(actor=actor, action="contribution.reversal_propose", obj=contribution, reason=reason,
                  after={"proposal": proposal.pk}, area=contribution.village)
    return proposal


@transaction.atomic
def contribution_reversal_confirm(*, actor, proposal: ReversalProposal,
                                  on_date: datetime.date | None = None) -> ContributionReversal:
    """The second officer confirms: the reversal takes effect now (mirror entries, interest taken back)."""
    proposal = ReversalProposal.objects.select_for_update().select_related("contribution").get(pk=proposal.pk)
    _require_second_officer(actor, proposal, maker_id=proposal.original_maker_id)
    _require_open(proposal)
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.CONFIRMED, actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    log_operation(actor=actor, action="contribution.reversal_confirm", obj=proposal, before=before,
                  after=snapshot(proposal, PROPOSAL_FIELDS), reason=proposal.reason)
    return reverse_approved(actor=actor, contribution=proposal.contribution, reason=proposal.reason,
                            on_date=on_date)


@transaction.atomic
def contribution_reversal_reject(*, actor, proposal: ReversalProposal, reason: str) -> ReversalProposal:
    proposal = ReversalProposal.objects.select_for_update().get(pk=proposal.pk)
    _require_second_officer(actor, proposal, maker_id=proposal.original_maker_id)
    _require_open(proposal)
    return _reject(actor, proposal, _reason(reason, _("Say why the reversal is rejected.")),
                   "contribution.reversal_reject")


def _reject(actor, proposal, reason: str, action: str):
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.REJECTED, actor, timezone.now()
    proposal.decision_note = reason
    proposal.save(update_fields=PROPOSAL_FIELDS)
    log_operation(actor=actor, action=action, obj=proposal, before=before,
                  after=snapshot(proposal, PROPOSAL_FIELDS), reason=reason)
    return proposal


@transaction.atomic
def receipt_void_propose(*, actor, book, first_number: str, last_number: str, reason: str) -> VoidProposal:
    """Propose voiding a range of numbers (lost book pages, returned unused …)."""
    require_post(actor, REGISTRARS)
    book, first, last, numbers, reason = check_void_range(actor=actor, book=book, first_number=first_number,
                                                          last_number=last_number, reason=reason)
    proposal = VoidProposal.objects.create(book=book, first_number=first, last_number=last, reason=reason,
                                           proposed_by=actor)
    log_operation(actor=actor, action="receipt.void_propose", obj=book, after={
        "first": first, "last": last, "count": len(numbers), "proposal": proposal.pk}, reason=reason,
        area=book.township)
    return proposal


@transaction.atomic
def receipt_void_confirm(*, actor, proposal: VoidProposal) -> int:
    """A county officer other than the proposer confirms; the numbers are voided now (checked again)."""
    proposal = VoidProposal.objects.select_for_update().get(pk=proposal.pk)
    _require_second_officer(actor, proposal)
    _require_open(proposal)
    book, first, last, numbers, reason = check_void_range(
        actor=actor, book=proposal.book, first_number=proposal.first_number, last_number=proposal.last_number,
        reason=proposal.reason)
    VoidedReceipt.objects.bulk_create(
        [VoidedReceipt(book=book, number=n, reason=reason, voided_by=proposal.proposed_by) for n in numbers],
        batch_size=2000)
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.CONFIRMED, actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    log_operation(actor=actor, action="receipt.void", obj=book, before=before,
                  after={"first": first, "last": last, "count": len(numbers), "proposal": proposal.pk,
                         "proposed_by": proposal.proposed_by_id}, reason=reason, area=book.township)
    return len(numbers)


@transaction.atomic
def receipt_void_reject(*, actor, proposal: VoidProposal, reason: str) -> VoidProposal:
    proposal = VoidProposal.objects.select_for_update().get(pk=proposal.pk)
    _require_second_officer(actor, proposal)
    _require_open(proposal)
    return _reject(actor, proposal, _reason(reason, _("Say why the voiding is rejected.")), "receipt.void_reject")
