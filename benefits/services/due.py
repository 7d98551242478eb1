"""The newly-of-age list (到龄名单): every month, the residents who turn 60 the next month with their verdict."""

import datetime

from django.db import transaction

from enrollment import selectors as enrollment_selectors
from funds import selectors as funds_selectors
from pension.oplog import log_operation
from pension.permissions import REGISTRARS, require_post

from ..models import LIVE_OTHER_PENSION, Award, AwardStatus, BenefitParameter, DueEntry, OtherPension
from ..months import add_months
from ..rules import due_verdict
from ..selectors.parameters import parameter_in_force

UPDATE_FIELDS = ["township", "village", "verdict", "years_paid", "years_required", "missing_years", "back_payment",
                 "computed_at"]


def _month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def sixtieth_month_range(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Birth dates of the people who turn 60 in `month`."""
    first = month.replace(year=month.year - 60)
    return first, _month_end(first)


@transaction.atomic
def due_list_build(*, actor, month: datetime.date, township=None) -> int:
    """(Re)compute the list of residents turning 60 in `month` (the whole county, or one township), keeping one
    row per resident and month. actor None: the monthly job. Returns the number of rows."""
    if actor is not None:
        require_post(actor, REGISTRARS)
    params: BenefitParameter = parameter_in_force(month=add_months(month, 1))
    first, last = sixtieth_month_range(month)
    residents = enrollment_selectors.residents_born_between(user=actor, first=first, last=last)
    if township is not None:
        residents = residents.filter(township_id=getattr(township, "pk", township))
    residents = list(residents.only("id", "birth_date", "township_id", "village_id"))
    ids = [r.pk for r in residents]
    years = funds_selectors.contribution_years_by_resident(resident_ids=ids)
    other = set(OtherPension.objects.filter(resident_id__in=ids, status__in=LIVE_OTHER_PENSION)
                .values_list("resident_id", flat=True))
    awarded = set(Award.objects.filter(resident_id__in=ids, status=AwardStatus.APPROVED)
                  .values_list("resident_id", flat=True))
    rows = []
    for r in residents:
        v = due_verdict(params, birth_year=r.birth_date.year, paid_years=years.get(r.pk, set()),
                        other_pension=r.pk in other, awarded=r.pk in awarded)
        rows.append(DueEntry(month=month, resident_id=r.pk, township_id=r.township_id, village_id=r.village_id,
                             verdict=v.verdict, years_paid=v.years_paid, years_required=v.years_required,
                             missing_years=v.missing_years, back_payment=v.back_payment))
    DueEntry.objects.bulk_create(rows, batch_size=2000, update_conflicts=True,
                                 unique_fields=["month", "resident"], update_fields=UPDATE_FIELDS)
    if rows:
        log_operation(actor=actor, action="due_list.build", obj=DueEntry.objects.filter(month=month).first(),
                      after={"month": f"{month:%Y-%m}", "rows": len(rows),
                             "township": getattr(township, "pk", township)})
    return len(rows)
