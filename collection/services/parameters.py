"""The county's parameter rows: grades with their subsidy split, collection years, hardship shares,
collective subsidies. Every change is logged with before and after.

Amounts on a contribution are fixed when it is entered, so editing a row never changes history. Still,
a grade that contributions already use keeps its amount: to drop it, make it inactive.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.models import Area, AreaLevel
from pension.oplog import log_operation, snapshot
from pension.params import MAX_YEAR, MIN_YEAR
from pension.permissions import COUNTY_BUSINESS, require_post

from ..models import CollectionYear, CollectiveSubsidy, Contribution, ContributionGrade, HardshipShare
from ..rules import SUBSIDY_FIELDS, parse_money

GRADE_FIELDS = ["year", "amount", *SUBSIDY_FIELDS, "active"]


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Enter a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}})
    return year


def _save(obj, action: str, actor, before, fields, conflict_field: str, conflict_message: str, *, constraint: str):
    """Save a parameter row; losing a race on its unique `constraint` (another officer saved the same row) is a
    Conflict on `conflict_field`."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != constraint:
            raise
        raise Conflict({conflict_field: conflict_message})
    log_operation(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, fields))
    return obj


# National floors of the contribution subsidy (国发〔2014〕8号 三(三) 政府补贴: "对选择最低档次标准缴费的，补贴标准
# 不低于每人每年30元 … 对选择500元及以上档次标准缴费的，补贴标准不低于每人每年60元"). National law, not a county
# parameter, so constants; the county's own amounts are the dated grade rows.
FLOOR_LOWEST = Decimal("30")
FLOOR_FROM_500 = Decimal("60")
FROM_500 = Decimal("500")


def check_grade_table(rows: list[ContributionGrade]) -> None:
    """Refuse a year's active table where a subsidy is below a national floor or a higher grade has a lower
    subsidy ("对选择较高档次标准缴费的，适当增加补贴金额"). The message names the grade at fault."""
    rows = sorted((r for r in rows if r.active), key=lambda r: r.amount)
    previous = None
    for row in rows:
        total = row.subsidy_total
        if total < FLOOR_LOWEST:
            raise ValidationError({"subsidy_county": _(
                "The subsidy of the ¥%(grade)s grade (¥%(total)s) is below the national floor of ¥30.")
                % {"grade": row.amount, "total": total}})
        if row.amount >= FROM_500 and total < FLOOR_FROM_500:
            raise ValidationError({"subsidy_county": _(
                "The subsidy of the ¥%(grade)s grade (¥%(total)s) is below the national floor of ¥60 for grades "
                "of 500 yuan and above.") % {"grade": row.amount, "total": total}})
        if previous is not None and total < previous.subsidy_total:
            raise ValidationError({"subsidy_county": _(
                "The ¥%(grade)s grade would get less subsidy (¥%(total)s) than the lower ¥%(lower)s grade "
                "(¥%(lower_total)s); a higher grade gets at least as much.")
                % {"grade": row.amount, "total": total, "lower": previous.amount,
                   "lower_total": previous.subsidy_total}})
        previous = row


@transaction.atomic
def grade_save(*, actor, year, amount, subsidy_central=0, subsidy_provincial=0, subsidy_municipal=0,
               subsidy_county=0, subsidy_total=None, active: bool = True,
               grade: ContributionGrade | None = None) -> ContributionGrade:
    """Add or change one grade. `subsidy_total`, when given, is the total the officer typed: the levels must
    sum to it. The year's whole table is checked with the change (check_grade_table)."""
    require_post(actor, COUNTY_BUSINESS)
    year = _check_year(year)
    amount = parse_money(amount, field="amount")
    if amount <= 0:
        raise ValidationError({"amount": _("A grade is more than zero yuan.")})
    subsidies = {}
    for field, value in zip(SUBSIDY_FIELDS, (subsidy_central, subsidy_provincial, subsidy_municipal,
                                             subsidy_county), strict=True):
        subsidies[field] = parse_money(value, field=field)
    if subsidy_total not in (None, ""):
        typed = parse_money(subsidy_total, field="subsidy_total")
        if sum(subsidies.values()) != typed:
            raise ValidationError({"subsidy_total": _(
                "The levels add up to ¥%(sum)s, not the total ¥%(total)s typed.")
                % {"sum": sum(subsidies.values()), "total": typed}})
    before = None
    if grade is not None:
        grade = ContributionGrade.objects.select_for_update().get(pk=grade.pk)
        before = snapshot(grade, GRADE_FIELDS)
        used = Contribution.objects.filter(year=grade.year, grade=grade.amount).exists()
        if used and (year != grade.year or amount != grade.amount
                     or any(getattr(grade, f) != v for f, v in subsidies.items())):
            raise Conflict({"amount": _("Contributions already use this grade; its amounts stay as they are. "
                                        "Make it inactive and add a new grade instead.")})
    else:
        grade = ContributionGrade(created_by=actor)
    grade.year, grade.amount, grade.active = year, amount, bool(active)
    for field, value in subsidies.items():
        setattr(grade, field, value)
    # Serialise changes to one year's table, then check it whole with this row in its new form.
    others = list(ContributionGrade.objects.select_for_update().filter(year=year).exclude(pk=grade.pk))
    if grade.active:
        check_grade_table([*(o for o in others if o.amount != amount), grade])
    return _save(grade, "grade.save", actor, before, GRADE_FIELDS, "amount",
                 _("%(year)s already has a grade of ¥%(amount)s.") % {"year": year, "amount": amount},
                 constraint="one_grade_per_amount_per_year")


@transaction.atomic
def grades_copy_year(*, actor, from_year: int, to_year: int) -> int:
    """Start a new year's table from the previous one (the county then edits what changed)."""
    require_post(actor, COUNTY_BUSINESS)
    from_year, to_year = _check_year(from_year), _check_year(to_year)
    if ContributionGrade.objects.filter(year=to_year).exists():
        raise Conflict({"to_year": _("%(year)s already has grades.") % {"year": to_year}})
    rows = list(ContributionGrade.objects.filter(year=from_year, active=True))
    if not rows:
        raise ValidationError({"from_year": _("%(year)s has no grades to copy.") % {"year": from_year}})
    for row in rows:
        grade_save(actor=actor, year=to_year, amount=row.amount, subsidy_central=row.subsidy_central,
                   subsidy_provincial=row.subsidy_provincial, subsidy_municipal=row.subsidy_municipal,
                   subsidy_county=row.subsidy_county)
    for share in HardshipShare.objects.filter(year=from_year):
        HardshipShare.objects.get_or_create(year=to_year, hardship=share.hardship, defaults={"share": share.share})
    return len(rows)


@transaction.atomic
def collection_year_save(*, actor, year, opens_on: datetime.date, closes_on: datetime.date,
                         back_payment_years: int = 0, back_payment_over_60: bool = False,
                         late_entry_days: int = 10) -> CollectionYear:
    require_post(actor, COUNTY_BUSINESS)
    year = _check_year(year)
    errors = {}
    if not opens_on:
        errors["opens_on"] = _("Enter the opening date.")
    if not closes_on:
        errors["closes_on"] = _("Enter the closing date.")
    elif opens_on and closes_on < opens_on:
        errors["closes_on"] = _("The campaign closes before it opens.")
    if back_payment_years is None or not 0 <= int(back_payment_years) <= 15:
        errors["back_payment_years"] = _("Back payment may reach 0 to 15 past years.")
    late_entry_days = 10 if late_entry_days in (None, "") else late_entry_days
    if not 0 <= int(late_entry_days) <= 60:
        errors["late_entry_days"] = _("Late entries may be allowed for 0 to 60 days after closing.")
    if errors:
        raise ValidationError(errors)
    cy = CollectionYear.objects.select_for_update().filter(year=year).first()
    fields = ["year", "opens_on", "closes_on", "back_payment_years", "back_payment_over_60", "late_entry_days"]
    before = snapshot(cy, fields) if cy else None
    cy = cy or CollectionYear(year=year)
    cy.opens_on, cy.closes_on = opens_on, closes_on
    cy.back_payment_years, cy.back_payment_over_60 = int(back_payment_years), bool(back_payment_over_60)
    cy.late_entry_days = int(late_entry_days)
    return _save(cy, "collection_year.save", actor, before, fields, "year",
                 _("%(year)s already exists.") % {"year": year},
                 constraint="collection_collectionyear_year_key")  # PostgreSQL's name for year's unique=True


@transaction.atomic
def hardship_share_save(*, actor, year, hardship: str, share) -> HardshipShare:
    from enrollment.models import Hardship

    require_post(actor, COUNTY_BUSINESS)
    year = _check_year(year)
    if hardship not in Hardship.values or hardship == Hardship.NONE:
        raise ValidationError({"hardship": _("Choose a hardship category.")})
    try:
        share = Decimal(str(share).strip().rstrip("%")) / (100 if str(share).strip().endswith("%") else 1)
    except ArithmeticError:
        share = Decimal(-1)
    if not share.is_finite() or not 0 <= share <= 1:
        raise ValidationError({"share": _("Enter the share as a number from 0 to 1 (e.g. 0.5 or 50%).")})
    row = HardshipShare.objects.select_for_update().filter(year=year, hardship=hardship).first()
    before = snapshot(row, ["share"]) if row else None
    row = row or HardshipShare(year=year, hardship=hardship)
    row.share = share.quantize(Decimal("0.0001"))
    return _save(row, "hardship_share.save", actor, before, ["year", "hardship", "share"], "hardship",
                 _("This category already has a share for the year."), constraint="one_hardship_share_per_year")


@transaction.atomic
def collective_subsidy_save(*, actor, year, village: Area, amount) -> CollectiveSubsidy:
    require_post(actor, COUNTY_BUSINESS)
    year = _check_year(year)
    if village is None or village.level != AreaLevel.VILLAGE:
        raise ValidationError({"village": _("Choose an administrative village or community.")})
    amount = parse_money(amount, field="amount")
    row = CollectiveSubsidy.objects.select_for_update().filter(year=year, village=village).first()
    before = snapshot(row, ["amount"]) if row else None
    row = row or CollectiveSubsidy(year=year, village=village)
    row.amount = amount
    return _save(row, "collective_subsidy.save", actor, before, ["year", "village", "amount"], "village",
                 _("This village already has a collective subsidy for the year."),
                 constraint="one_collective_subsidy_per_year")
