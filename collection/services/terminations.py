"""Death and termination (issue 10 item 4).

- Approval re-checks the resident: an entry of someone recorded dead or whose enrolment ended before the
  county approves it is not credited; it goes back to the township with the reason (contributions.py calls
  `ending_message`).
- When enrollment confirms a termination (signal `termination_confirmed`, receiver in collection/receivers.py),
  `contributions_cancel_for_termination` cancels the resident's pending entries (entered or returned), one
  log row each, in the confirming transaction; an entry paid on a day county finance signed off stays pending
  until the day is reopened (two people), since cancelling it would change that day's cash.

Rule applied: 国发〔2014〕8号 九 (参保人员死亡 … 个人账户资金余额可以依法继承) and 十一 (转移): once a person
has died or left the scheme no new money is credited to their account as a member's contribution; the money taken at
the counter is refunded by the township (the cancelled entry keeps its receipt number, so the paper receipt is
still accounted for).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from enrollment.models import TerminationReason
from pension.oplog import log_operation, snapshot

from ..models import Contribution, ContributionStatus
from .daylock import day_closed_message

PENDING = (ContributionStatus.ENTERED, ContributionStatus.RETURNED)


def _reason_label(reason: str) -> str:
    return str(TerminationReason(reason).label) if reason in TerminationReason.values else _("terminated")


def _date_text(day: datetime.date | None) -> str:
    return day.isoformat() if day else _("an unrecorded date")


def ending_message(*, resident) -> str | None:
    """Why an entry of this resident cannot be approved now, or None when they are alive and enrolled."""
    ending = enrollment_selectors.resident_ending(resident=resident)
    if ending is None:
        return None
    if ending["reason"] == TerminationReason.DEATH:
        return _("%(name)s was recorded dead on %(date)s: the entry is not approved and goes back to the "
                 "township (cancel it and refund the money).") % {
            "name": resident.name, "date": _date_text(ending["date"])}
    return _("%(name)s's enrolment ended on %(date)s (%(reason)s): the entry is not approved and goes back to "
             "the township (cancel it and refund the money).") % {
        "name": resident.name, "date": _date_text(ending["date"]), "reason": _reason_label(ending["reason"])}


@transaction.atomic
def contributions_cancel_for_termination(*, actor, resident, reason: str, date: datetime.date) -> list[Contribution]:
    """Cancel every pending (entered or returned) entry of a resident whose termination was just confirmed.
    Called by the receiver inside enrollment's confirming transaction; the confirmation checked the posts
    (two people), so no post is checked again here. Cancelling again finds nothing to do."""
    if reason == TerminationReason.DEATH:
        why = _("The resident died on %(date)s; the entry not yet approved is cancelled (refund the money).") % {
            "date": _date_text(date)}
    else:
        why = _("The resident's enrolment ended on %(date)s (%(reason)s); the entry not yet approved is "
                "cancelled (refund the money).") % {"date": _date_text(date), "reason": _reason_label(reason)}
    pending = []
    for contribution in (Contribution.objects.select_for_update().select_related("village")
                         .filter(resident_id=resident.pk, status__in=PENDING).order_by("id")):
        # Cancelling takes cash out of the payment day; a signed-off day keeps it until two people reopen the
        # day. The entry stays pending meanwhile, and its approval is refused (the resident's ending, above).
        if day_closed_message(contribution):
            continue
        pending.append(contribution)
        before = snapshot(contribution, ["status", "cancel_reason"])
        contribution.status = ContributionStatus.CANCELLED
        contribution.cancel_reason = why
        contribution.save(update_fields=["status", "cancel_reason"])
        log_operation(actor=actor, action="contribution.cancel", obj=contribution, before=before,
                      after=snapshot(contribution, ["status", "cancel_reason"]), reason=why,
                      area=contribution.village)
    return pending
