"""The contribution rules, written once and used by the entry service, the Excel import and the API.

`Parameters` reads the county's dated rows (grades, collection years, hardship shares, collective
subsidies) and caches them for one request or one import. `plan_contribution` decides kind and
amounts for one payment or raises ValidationError naming the field; the checks that need the
database's current state (a second contribution for the year, a used or voided receipt) are made by
the callers, with the messages below, because the entry screen checks them under a row lock and the
import checks them against sets it loaded once.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pension.money import CENT, ZERO, to_money
from pension.params import is_ascii_digits, normalise_digits

from .models import Channel, CollectionYear, CollectiveSubsidy, ContributionGrade, ContributionKind, HardshipShare

SUBSIDY_FIELDS = ("subsidy_central", "subsidy_provincial", "subsidy_municipal", "subsidy_county")
AMOUNT_FIELDS = ("personal_amount", "hardship_amount", *SUBSIDY_FIELDS, "collective_amount", "donation_amount")


class Parameters:
    """The parameter rows, loaded once per year asked for."""

    def __init__(self):
        self._grades: dict[int, dict[Decimal, ContributionGrade]] = {}
        self._years: list[CollectionYear] | None = None
        self._shares: dict[int, dict[str, Decimal]] = {}
        self._collective: dict[int, dict[int, Decimal]] = {}

    def grades(self, year: int) -> dict[Decimal, ContributionGrade]:
        if year not in self._grades:
            self._grades[year] = {
                g.amount: g for g in ContributionGrade.objects.filter(year=year, active=True).order_by("amount")
            }
        return self._grades[year]

    def years(self) -> list[CollectionYear]:
        if self._years is None:
            self._years = list(CollectionYear.objects.order_by("-year"))
        return self._years

    def campaign_on(self, day: datetime.date) -> CollectionYear | None:
        """The campaign open on that day (the latest, if two overlap)."""
        for cy in self.years():
            if cy.opens_on <= day <= cy.closes_on:
                return cy
        return None

    def hardship_share(self, year: int, hardship: str) -> Decimal:
        if year not in self._shares:
            self._shares[year] = dict(HardshipShare.objects.filter(year=year).values_list("hardship", "share"))
        return self._shares[year].get(hardship, ZERO)

    def collective(self, year: int, village_id: int) -> Decimal:
        if year not in self._collective:
            self._collective[year] = dict(
                CollectiveSubsidy.objects.filter(year=year).values_list("village_id", "amount")
            )
        return self._collective[year].get(village_id, ZERO)


@dataclass
class Plan:
    year: int
    kind: str
    grade: Decimal
    channel: str
    receipt_number: str
    paid_on: datetime.date
    amounts: dict[str, Decimal]
    campaign: CollectionYear | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]+)?")
MAX_AMOUNT = Decimal("1000000000")

def parse_money(raw, *, field: str) -> Decimal:
    if isinstance(raw, Decimal):
        value = raw
    else:
        text = normalise_digits(str(raw if raw is not None else "")).replace(",", "").replace("¥", "").replace("元", "")
        # Plain decimal notation with ASCII digits: no exponent (1e30), no NaN/Infinity, no ①.
        if not _AMOUNT.fullmatch(text):
            raise ValidationError({field: _("Enter an amount in yuan, e.g. 300 or 300.00.")})
        value = Decimal(text)
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ValidationError({field: _("Enter an amount in yuan, e.g. 300 or 300.00.")})
    if value != value.quantize(CENT):
        # Matched exactly: 200.004 is not the 200 grade (issue 10 item 7), and no amount has fractions of a fen.
        raise ValidationError({field: _("An amount has at most two decimal places (yuan and fen).")})
    return to_money(value)


def normalize_receipt(raw) -> str:
    return normalise_digits(str(raw or "").replace(" ", ""))


def compute_amounts(*, grade: ContributionGrade, lowest: Decimal, hardship_share: Decimal, collective: Decimal,
                    donation: Decimal, subsidised: bool) -> dict[str, Decimal]:
    """Split what is credited into components. The resident's own money plus what the government pays
    for a hardship category (代缴, a share of the lowest grade) always adds up to the grade."""
    hardship = to_money(min(grade.amount, lowest * hardship_share)) if subsidised else ZERO
    amounts = {"personal_amount": grade.amount - hardship, "hardship_amount": hardship}
    for field in SUBSIDY_FIELDS:
        amounts[field] = getattr(grade, field) if subsidised else ZERO
    amounts["collective_amount"] = collective if subsidised else ZERO
    amounts["donation_amount"] = donation
    return amounts


def plan_contribution(*, params: Parameters, resident, year, grade, channel: str, receipt_number="",
                      paid_on: datetime.date | None, donation=ZERO, today: datetime.date) -> Plan:
    """Decide kind and amounts, or raise ValidationError({field: Chinese message})."""
    errors = {}
    if resident.enrolment_status != "active" or resident.death_date:
        raise ValidationError({"resident": _("%(name)s is not enrolled (or the enrolment has ended); enrol the "
                                             "resident before taking a contribution.") % {"name": resident.name}})
    paid_on = paid_on or today
    if paid_on > today:
        errors["paid_on"] = _("The payment date cannot be in the future.")
    # ASCII digits only: int() also reads "٢٠٢٦" and "2_026" as 2026.
    year_text = normalise_digits(year) if isinstance(year, (int, str)) and not isinstance(year, bool) else ""
    if not is_ascii_digits(year_text) or len(year_text) != 4:
        raise ValidationError({"year": _("Enter the year paid for, e.g. %(year)s.") % {"year": today.year}})
    year = int(year_text)
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel: cash at the township office or bank withholding.")
    receipt_number = normalize_receipt(receipt_number)
    if channel == Channel.CASH and not receipt_number:
        errors["receipt_number"] = _("A cash payment needs the number of the paper receipt handed to the resident.")
    elif channel == Channel.BANK and receipt_number:
        errors["receipt_number"] = _("Bank withholding has no paper receipt; leave the receipt number empty.")
    elif receipt_number and (not is_ascii_digits(receipt_number) or len(receipt_number) > 20):
        errors["receipt_number"] = _("A receipt number has digits only.")
    try:
        grade_amount = parse_money(grade, field="grade")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        grade_amount = None
    try:
        donation = parse_money(donation or ZERO, field="donation_amount")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        donation = ZERO
    if errors:
        raise ValidationError(errors)

    campaign = params.campaign_on(paid_on)
    if campaign is None:
        raise ValidationError({"paid_on": _("No collection campaign is open on %(date)s.") % {"date": paid_on}})
    if year == campaign.year:
        kind, subsidised = ContributionKind.NORMAL, True
    elif year > campaign.year:
        raise ValidationError({"year": _("Contributions for a future year (%(year)s) cannot be taken yet.")
                               % {"year": year}})
    elif campaign.year - year <= campaign.back_payment_years:
        # No subsidy on a back payment (DOMAIN.md; 国发〔2014〕8号 三(三) subsidises the yearly payment).
        kind, subsidised = ContributionKind.BACK_PAYMENT, False
    else:
        raise ValidationError({"year": _("%(year)s is no longer open to back payment; in %(campaign)s back payment "
                                         "is allowed for %(n)s past year(s).")
                               % {"year": year, "campaign": campaign.year, "n": campaign.back_payment_years}})
    grades = params.grades(year)
    row = grades.get(grade_amount)
    if row is None:
        listed = "、".join(f"{g:.0f}" for g in grades) or "—"
        raise ValidationError({"grade": _("¥%(grade)s is not a grade of %(year)s. The grades are: %(list)s.")
                               % {"grade": grade_amount, "year": year, "list": listed}})
    lowest, top = min(grades), max(grades)
    amounts = compute_amounts(
        grade=row, lowest=lowest, hardship_share=params.hardship_share(year, resident.hardship),
        collective=params.collective(year, resident.village_id), donation=donation, subsidised=subsidised,
    )
    support = sum((amounts[f] for f in (*SUBSIDY_FIELDS, "collective_amount", "donation_amount")), ZERO)
    if support > top:
        raise ValidationError({"donation_amount": _("Subsidies, collective subsidy and donations together "
                                                    "(¥%(sum)s) may not exceed the top grade ¥%(top)s.")
                               % {"sum": support, "top": top}})
    return Plan(year=year, kind=kind, grade=grade_amount, channel=channel, receipt_number=receipt_number,
                paid_on=paid_on, amounts=amounts, campaign=campaign)


# Messages for the checks against current data, shared by entry and import.
def msg_already_paid(year, *, status_label: str) -> str:
    return _("This resident already has a contribution for %(year)s (%(status)s); one per year.") % {
        "year": year, "status": status_label}


def msg_receipt_used(number) -> str:
    return _("Receipt number %(number)s is already used.") % {"number": number}


def msg_receipt_voided(number) -> str:
    return _("Receipt number %(number)s was voided and cannot be used.") % {"number": number}


def msg_receipt_no_book(number) -> str:
    return _("Receipt number %(number)s is not in any open receipt book issued to this township.") % {
        "number": number}
