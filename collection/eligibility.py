"""Who may pay for which year, and on which payment date (issue 10, items 1-3).

`plan_contribution` (rules.py) decides kind and amounts from the campaign the payment date falls in; this
module adds the checks that need the resident's birth date, enrolment and paid years, and the receipt book.
Entry, resubmission and import call `check_standing` with what they loaded.

The rules, and where they come from:
- Normal contribution only for a year in which the resident turns 16 to 59 (DOMAIN.md "Eligible: age ≥16";
  国发〔2014〕8号 二 参保范围 "年满16周岁"; 六 待遇 "年满60周岁 … 可以按月领取"). Age in a year is the age reached
  during it: year − birth year. A resident who turns 60 this year pays no normal contribution and gets no
  subsidy; they go to the award work list.
- Back payment (补缴) follows 国发〔2014〕8号 六: "距规定领取年龄不足15年的，应逐年缴费，也允许补缴，累计缴费不超过
  15年". So a back payment is allowed only while the years already paid plus the years still payable yearly
  until 59 stay below 15, and never makes the total exceed 15 (a young resident can still reach 15 by paying
  yearly, so cannot back-pay at all). Never for a year before the age of 16 or from the age of 60, never
  outside the campaign's window (`CollectionYear.back_payment_years`, dated parameter). A resident already 60
  or older in the campaign year back-pays only where that campaign's row allows it
  (`CollectionYear.back_payment_over_60`). Back payments never get a subsidy (DOMAIN.md "Back payments
  usually get no subsidy"; 8号 三(三) subsidises the yearly payment 缴费, not 补缴): rules.py passes
  subsidised=False.
- The payment date decides kind and subsidy (the campaign it falls in), so it must be the day the money was
  really taken: not in the future, not before the resident's enrolment, not before the receipt book was
  issued (cash), and not in a campaign already over: entries dated in a campaign are accepted until
  `closes_on + late_entry_days` (dated parameter; "yesterday's receipts" stay normal).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_AGE = 16
AWARD_AGE = 60
FULL_YEARS = 15


def age_in(birth_date: datetime.date, year: int) -> int:
    """The age reached during `year`."""
    return year - birth_date.year


@dataclass(frozen=True)
class Standing:
    """What the rules need to know about a resident, loaded by the caller."""

    birth_date: datetime.date
    enrolled_on: datetime.date | None
    paid_years: frozenset[int]  # years with a live contribution (entered, returned, approved), any kind


def payable_yearly(birth_date: datetime.date, from_year: int) -> set[int]:
    """Years from `from_year` up to the year the resident turns 59 (at least the year they turn 16)."""
    first = max(from_year, birth_date.year + MIN_AGE)
    return set(range(first, birth_date.year + AWARD_AGE))


def back_payment_room(*, standing: Standing, campaign_year: int) -> int:
    """How many more years may be back-paid: 15 − (years paid ∪ years still payable yearly), at least 0."""
    reachable = set(standing.paid_years) | payable_yearly(standing.birth_date, campaign_year)
    return max(0, FULL_YEARS - len(reachable))


def check_year(*, standing: Standing, campaign, year: int) -> None:
    """Raise ValidationError({"year": …}) when the resident may not pay for `year` in `campaign`."""
    age = age_in(standing.birth_date, year)
    if year == campaign.year:
        if age >= AWARD_AGE:
            raise ValidationError({"year": _(
                "The resident turns %(age)s in %(year)s: from 60 there is no yearly contribution and no subsidy. "
                "Put them on the pension award work list (or, where the county allows it, back-pay years before "
                "their 60th birthday).") % {"age": age, "year": year}})
        if age < MIN_AGE:
            raise ValidationError({"year": _("The resident is not yet 16 in %(year)s.") % {"year": year}})
        return
    # A back payment.
    if age < MIN_AGE:
        raise ValidationError({"year": _("No back payment for %(year)s: the resident was not yet 16.")
                               % {"year": year}})
    if age >= AWARD_AGE:
        raise ValidationError({"year": _("No back payment for %(year)s: the resident was already 60.")
                               % {"year": year}})
    if age_in(standing.birth_date, campaign.year) >= AWARD_AGE and not campaign.back_payment_over_60:
        raise ValidationError({"year": _("In %(campaign)s the county allows no back payment for residents aged "
                                         "60 or over; put them on the pension award work list.")
                               % {"campaign": campaign.year}})
    if back_payment_room(standing=standing, campaign_year=campaign.year) < 1:
        raise ValidationError({"year": _(
            "No back payment: with the years paid and the years still payable each year until 60, the resident "
            "reaches 15 years of contributions (back payment is only for those who cannot).")})


def check_paid_on(*, standing: Standing, campaign, paid_on: datetime.date, today: datetime.date,
                  book_issued_on: datetime.date | None, day_signed_off: str = "") -> None:
    """Raise ValidationError({"paid_on": …}) when the payment date cannot be the day the money was taken.
    `day_signed_off` is the refusal when county finance has signed that township's day off (issue 10 item 3,
    "a day already reconciled"; `funds.selectors.day_lock_message`), else ""."""
    if day_signed_off:
        raise ValidationError({"paid_on": day_signed_off})
    if standing.enrolled_on and paid_on < standing.enrolled_on:
        raise ValidationError({"paid_on": _("The payment date is before the resident's enrolment (%(date)s).")
                               % {"date": standing.enrolled_on.isoformat()}})
    if book_issued_on and paid_on < book_issued_on:
        raise ValidationError({"paid_on": _("The payment date is before this receipt book was issued "
                                            "(%(date)s).") % {"date": book_issued_on.isoformat()}})
    last_day = campaign.closes_on + datetime.timedelta(days=campaign.late_entry_days)
    if today > last_day:
        raise ValidationError({"paid_on": _(
            "The payment date %(date)s is in the %(campaign)s campaign, which closed on %(closed)s; enter the "
            "day the money was actually taken.") % {"date": paid_on.isoformat(), "campaign": campaign.year,
                                                     "closed": campaign.closes_on.isoformat()}})


def check_standing(*, standing: Standing, campaign, year: int, paid_on: datetime.date, today: datetime.date,
                   book_issued_on: datetime.date | None = None, day_signed_off: str = "") -> None:
    """Both checks, the payment date first (it decides the campaign)."""
    check_paid_on(standing=standing, campaign=campaign, paid_on=paid_on, today=today,
                  book_issued_on=book_issued_on, day_signed_off=day_signed_off)
    check_year(standing=standing, campaign=campaign, year=year)


def standing_from(*, birth_date: datetime.date, enrolled_on: datetime.date | None,
                  paid_years: Iterable[int]) -> Standing:
    return Standing(birth_date=birth_date, enrolled_on=enrolled_on, paid_years=frozenset(paid_years))
