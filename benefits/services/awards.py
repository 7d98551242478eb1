"""Awards (待遇核定): the township proposes, a county officer other than the proposer approves or returns.

The amounts are fixed at proposal from the parameters in force in the first month paid, the contribution years
(funds) and the account balance (funds): basic pension by level + the long-contribution extra + balance ÷ 139.
Payment starts the month after the month of the 60th birthday. Approval creates the Recipient.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment import selectors as enrollment_selectors
from funds import selectors as funds_selectors
from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, require_post

from ..models import (
    LIVE_OTHER_PENSION,
    Award,
    AwardStatus,
    OtherPension,
    Recipient,
    RecipientEvent,
    RecipientEventKind,
    Verdict,
)
from ..months import add_months, month_of
from ..rules import due_verdict, pension_breakdown
from ..selectors.parameters import parameter_in_force

FIELDS = ["resident", "status", "start_month", "basic_national", "basic_provincial", "basic_county", "years",
          "extra_years", "extra", "balance", "divisor", "account_amount", "basic_amount", "monthly_amount",
          "transitional", "maker", "checker", "return_reason"]


def start_month_for(birth_date):
    sixtieth = month_of(birth_date.replace(year=birth_date.year + 60, day=1))
    return add_months(sixtieth, 1)


@transaction.atomic
def award_propose(*, actor, resident) -> Award:
    """The township's proposal for a resident who turns (or has turned) 60, with the amounts computed now."""
    require_post(actor, REGISTRARS, _("Only a township clerk or a county business officer proposes an award."))
    locked = enrollment_selectors.resident_lock_for_update(user=actor, pk=resident.pk)
    if locked is None:
        raise Http404  # out of scope is absent, as in every selector
    resident = locked
    if resident.death_date is not None:
        raise ValidationError({"resident": _("This resident has died.")})
    start = start_month_for(resident.birth_date)
    if start > add_months(month_of(timezone.localdate()), 2):
        raise ValidationError({"resident": _("This resident does not turn 60 before next month.")})
    if Recipient.objects.filter(resident=resident).exists() or Award.objects.filter(
            resident=resident).exclude(status=AwardStatus.RETURNED).exists():
        raise Conflict({"resident": _("This resident already has an award.")})
    params = parameter_in_force(month=start)
    years = funds_selectors.contribution_years_by_resident(resident_ids=[resident.pk]).get(resident.pk, set())
    verdict = due_verdict(params, birth_year=resident.birth_date.year, paid_years=years,
                          other_pension=OtherPension.objects.filter(
                              resident=resident, status__in=LIVE_OTHER_PENSION).exists(), awarded=False)
    if verdict.verdict == Verdict.OTHER_PENSION:
        raise ValidationError({"resident": _("Another state pension is reported or confirmed for this resident; "
                                             "nobody draws both.")})
    if verdict.verdict == Verdict.MISSING_YEARS:
        raise ValidationError({"resident": _("Contribution years missing: %(years)s (back payment %(amount)s "
                                             "yuan).") % {"years": "、".join(map(str, verdict.missing_years)),
                                                          "amount": verdict.back_payment}})
    balance = funds_selectors.account_balances_by_resident(resident_ids=[resident.pk]).get(resident.pk, 0)
    b = pension_breakdown(params, years=len(years), balance=balance)
    award = Award.objects.create(
        resident=resident, township_id=resident.township_id, village_id=resident.village_id, parameter=params,
        start_month=start, basic_national=b.basic_national, basic_provincial=b.basic_provincial,
        basic_county=b.basic_county, years=b.years, extra_years=b.extra_years, extra=b.extra, balance=b.balance,
        divisor=b.divisor, account_amount=b.account, basic_amount=b.basic, monthly_amount=b.total,
        transitional=verdict.verdict == Verdict.TRANSITIONAL, maker=actor)
    log_operation(actor=actor, action="award.propose", obj=award, after=snapshot(award, FIELDS),
                  area=resident.village)
    return award


def _locked_for_check(actor, award: Award) -> Award:
    award = Award.objects.select_for_update().get(pk=award.pk)
    require_post(actor, COUNTY_BUSINESS, _("Only a county business officer checks an award."))
    if award.maker_id == actor.pk:
        raise ValidationError({"checker": _("You proposed this award; someone else must check it.")})
    if award.status != AwardStatus.PROPOSED:
        raise Conflict({"status": _("This award is not waiting for a check.")})
    return award


@transaction.atomic
def award_approve(*, actor, award: Award) -> Award:
    """Second check: the award takes effect and the resident becomes a recipient from the start month."""
    award = _locked_for_check(actor, award)
    resident = enrollment_selectors.resident_lock_for_update(user=actor, pk=award.resident_id)
    if resident is None or resident.death_date is not None:
        raise ValidationError({"resident": _("This resident has died.")})
    if OtherPension.objects.filter(resident_id=award.resident_id, status__in=LIVE_OTHER_PENSION).exists():
        raise ValidationError({"resident": _("Another state pension is reported or confirmed for this resident; "
                                             "nobody draws both.")})
    before = snapshot(award, FIELDS)
    award.status, award.checker, award.checked_at = AwardStatus.APPROVED, actor, timezone.now()
    try:
        with transaction.atomic():
            award.save(update_fields=["status", "checker", "checked_at"])
            recipient = Recipient.objects.create(
                resident=resident, township_id=resident.township_id, village_id=resident.village_id,
                natural_village_id=resident.natural_village_id, award=award, monthly_amount=award.monthly_amount,
                basic_amount=award.basic_amount, basic_national=award.basic_national,
                basic_provincial=award.basic_provincial, basic_county=award.basic_county, extra=award.extra,
                account_amount=award.account_amount, start_month=award.start_month)
    except IntegrityError as exc:
        if violated_constraint(exc) != "benefits_recipient_resident_id_key":  # PostgreSQL names unique=True so
            raise
        raise Conflict({"resident": _("This resident already receives a pension.")})
    RecipientEvent.objects.create(recipient=recipient, kind=RecipientEventKind.AWARD, month=award.start_month,
                                  date=timezone.localdate(), reason=_("Award approved"), source="award",
                                  actor=actor)
    log_operation(actor=actor, action="award.approve", obj=award, before=before, after=snapshot(award, FIELDS),
                  area=award.village)
    return award


@transaction.atomic
def award_return(*, actor, award: Award, reason: str) -> Award:
    """Second check: back to the township with a reason (it proposes again once the cause is fixed)."""
    award = _locked_for_check(actor, award)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the award goes back to the township.")})
    before = snapshot(award, FIELDS)
    award.status, award.checker, award.checked_at = AwardStatus.RETURNED, actor, timezone.now()
    award.return_reason = reason
    award.save(update_fields=["status", "checker", "checked_at", "return_reason"])
    log_operation(actor=actor, action="award.return", obj=award, before=before, after=snapshot(award, FIELDS),
                  reason=reason, area=award.village)
    return award
