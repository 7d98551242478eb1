"""Second review of contributions by the county (approve, or return with a reason: the checker never edits),
and the carrying out of a confirmed reversal of an approved one (see contributions.py for the life of a
contribution, corrections.py for the two-person proposal that leads to a reversal)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from funds import services as funds_services
from funds.models import SourceKind
from pension.errors import Conflict
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, require_post

from ..models import Contribution, ContributionReversal, ContributionStatus
from .daylock import check_day_open
from .terminations import ending_message


def lock_contribution(contribution: Contribution) -> Contribution:
    return Contribution.objects.select_for_update().select_related("resident", "village").get(pk=contribution.pk)


def require_status(contribution: Contribution, *statuses) -> None:
    if contribution.status not in statuses:
        raise Conflict({"status": _("This contribution is %(status)s; it cannot be changed this way.")
                        % {"status": contribution.get_status_display()}})


def _require_checker(actor, contribution: Contribution) -> None:
    require_post(actor, COUNTY_BUSINESS)
    if contribution.maker_id == actor.pk:
        raise ValidationError({"checker": _("You entered this contribution yourself; another officer must review "
                                            "it.")})


def contribution_approve(*, actor, contribution: Contribution) -> Contribution:
    """Second review: approve, and credit the individual account in the same transaction.

    Approval re-checks the resident (issue 10 item 4; terminations.py): when they were recorded dead or their
    enrolment ended before this approval, the entry is not credited but goes back to the township with the
    reason (its own transaction and log row, committed), and then Conflict({"resident": reason}) is raised so
    every caller (page, bulk review, API 409) shows the refusal."""
    contribution, refusal = _approve_or_return(actor=actor, contribution=contribution)
    if refusal:
        raise Conflict({"resident": refusal})
    return contribution


@transaction.atomic
def _approve_or_return(*, actor, contribution: Contribution) -> tuple[Contribution, str | None]:
    require_post(actor, COUNTY_BUSINESS)
    # The resident first, then the entry: the order entry and a termination's cancellation lock them in.
    resident = enrollment_selectors.resident_lock_for_update(user=actor, pk=contribution.resident_id)
    if resident is None:  # out of scope is absent
        raise Http404
    contribution = lock_contribution(contribution)
    _require_checker(actor, contribution)
    require_status(contribution, ContributionStatus.ENTERED)
    refusal = ending_message(resident=resident)
    if refusal:
        _send_back(actor, contribution, refusal)
        return contribution, refusal
    before = snapshot(contribution, ["status", "checker", "checked_at"])
    contribution.status = ContributionStatus.APPROVED
    contribution.checker, contribution.checked_at = actor, timezone.now()
    contribution.save(update_fields=["status", "checker", "checked_at"])
    funds_services.account_credit(
        actor=actor, resident=contribution.resident, township_id=contribution.resident.township_id,
        value_date=contribution.paid_on, amounts=contribution.amounts_by_component(),
        source_kind=SourceKind.CONTRIBUTION, source_id=contribution.pk, for_year=contribution.year,
        area=contribution.village,
    )
    log_operation(actor=actor, action="contribution.approve", obj=contribution, before=before,
                  after=snapshot(contribution, ["status", "checker", "checked_at"]), area=contribution.village)
    return contribution, None


def _send_back(actor, contribution: Contribution, reason: str) -> None:
    before = snapshot(contribution, ["status", "checker", "checked_at", "return_reason"])
    contribution.status = ContributionStatus.RETURNED
    contribution.checker, contribution.checked_at = actor, timezone.now()
    contribution.return_reason = reason
    contribution.save(update_fields=["status", "checker", "checked_at", "return_reason"])
    log_operation(actor=actor, action="contribution.return", obj=contribution, before=before,
                  after=snapshot(contribution, ["status", "checker", "checked_at", "return_reason"]), reason=reason,
                  area=contribution.village)


MAX_APPROVE_AT_ONCE = 200


@transaction.atomic
def contribution_approve_many(*, actor, contributions) -> list[Contribution]:
    """Approve a page of the review queue at once (issue 11 item 5): every entry approved and credited, with its
    audit row, in this one transaction, or none when any cannot be (the reasons, by name, in one message)."""
    require_post(actor, COUNTY_BUSINESS)
    contributions = list(contributions)
    if not contributions:
        raise ValidationError({"ids": _("Select the entries to approve.")})
    if len(contributions) > MAX_APPROVE_AT_ONCE:
        raise ValidationError({"ids": _("Approve at most %(n)s entries at once.") % {"n": MAX_APPROVE_AT_ONCE}})
    done, problems = [], []
    for contribution in sorted(contributions, key=lambda c: c.pk):  # one lock order: no deadlock between two pages
        try:
            with transaction.atomic():
                done.append(contribution_approve(actor=actor, contribution=contribution))
        except ValidationError as exc:
            problems.append(f"{contribution.resident.name}：{'；'.join(exc.messages)}")
    if problems:
        raise ValidationError({"ids": _("Nothing was approved: %(problems)s") % {"problems": "；".join(problems[:10])}})
    return done


@transaction.atomic
def contribution_return(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Second review: send back to the township with a reason. The checker changes nothing else."""
    contribution = lock_contribution(contribution)
    _require_checker(actor, contribution)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the contribution goes back to the township.")})
    require_status(contribution, ContributionStatus.ENTERED)
    _send_back(actor, contribution, reason)
    return contribution


def reverse_approved(*, actor, contribution: Contribution, reason: str,
                     on_date: datetime.date | None = None) -> ContributionReversal:
    """Carry out a confirmed reversal (called only by `contribution_reversal_confirm`, inside its transaction):
    mark the contribution reversed, keep its amounts, post mirror entries to the account and take back the
    interest the money earned. The right contribution (if any) is then entered anew."""
    contribution = lock_contribution(contribution)
    require_status(contribution, ContributionStatus.APPROVED)
    check_day_open(contribution)
    on_date = on_date or timezone.localdate()
    before = snapshot(contribution, ["status"])
    contribution.status = ContributionStatus.REVERSED
    contribution.save(update_fields=["status"])
    reversal = ContributionReversal.objects.create(contribution=contribution, reason=reason, reversed_by=actor)
    funds_services.account_reverse(actor=actor, source_kind=SourceKind.CONTRIBUTION, source_id=contribution.pk,
                                   reason=reason, on_date=on_date, area=contribution.village)
    log_operation(actor=actor, action="contribution.reverse", obj=contribution, before=before,
                  after=snapshot(contribution, ["status"]), reason=reason, area=contribution.village)
    return reversal
