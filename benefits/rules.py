"""The pension arithmetic, pure functions on plain values (no database)."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

from .models.parameters import Rounding

CENT, JIAO = Decimal("0.01"), Decimal("0.1")
ROUNDINGS = {
    Rounding.CENT_HALF_UP: (CENT, ROUND_HALF_UP),
    Rounding.CENT_DOWN: (CENT, ROUND_DOWN),
    Rounding.JIAO_HALF_UP: (JIAO, ROUND_HALF_UP),
    Rounding.JIAO_UP: (JIAO, ROUND_CEILING),
}


def round_amount(value: Decimal, rounding: str) -> Decimal:
    step, mode = ROUNDINGS[rounding]
    return value.quantize(step, rounding=mode).quantize(CENT)


@dataclass(frozen=True)
class Breakdown:
    """A monthly pension, part by part."""

    basic_national: Decimal
    basic_provincial: Decimal
    basic_county: Decimal
    years: int
    extra_years: int
    extra: Decimal
    balance: Decimal
    divisor: int
    account: Decimal

    @property
    def basic(self) -> Decimal:
        """The basic pension the governments pay: every level plus the long-contribution extra."""
        return self.basic_national + self.basic_provincial + self.basic_county + self.extra

    @property
    def total(self) -> Decimal:
        return self.basic + self.account


def pension_breakdown(params, *, years: int, balance: Decimal) -> Breakdown:
    """Monthly amount = basic pension by level + extra per year beyond the threshold + balance ÷ divisor.
    Only the account part is divided, so only it is rounded (by the parameter's rule)."""
    extra_years = max(int(years) - params.extra_after_years, 0)
    balance = max(Decimal(balance), Decimal("0.00"))
    return Breakdown(
        basic_national=params.basic_national, basic_provincial=params.basic_provincial,
        basic_county=params.basic_county, years=int(years), extra_years=extra_years,
        extra=params.extra_per_year * extra_years, balance=balance, divisor=params.divisor,
        account=round_amount(balance / params.divisor, params.rounding))


@dataclass(frozen=True)
class DueVerdict:
    verdict: str
    years_paid: int
    years_required: int
    missing_years: list
    back_payment: Decimal


def due_verdict(params, *, birth_year: int, paid_years: set, other_pension: bool, awarded: bool) -> DueVerdict:
    """Whether a resident turning 60 qualifies. The years that count are those of the scheme before the year they
    turn 60. Already 60 when the scheme began: basic pension without contributions. Fewer than 15 such years:
    every one of them must be paid (back payment allowed). Otherwise 15 years. When years are missing: the most
    recent unpaid ones, and what paying them back would cost at the county's back-payment amount per year."""
    from .models.awards import Verdict

    year60 = birth_year + 60
    start = params.scheme_start_year
    candidates = list(range(start, year60))
    paid = len(set(paid_years))
    required = min(params.extra_after_years, len(candidates))
    if awarded:
        verdict = Verdict.AWARDED
    elif other_pension:
        verdict = Verdict.OTHER_PENSION
    elif paid >= required:
        verdict = Verdict.ELIGIBLE if required >= params.extra_after_years else Verdict.TRANSITIONAL
    else:
        unpaid = [y for y in reversed(candidates) if y not in paid_years]
        missing = sorted(unpaid[: required - paid])
        return DueVerdict(Verdict.MISSING_YEARS, paid, required, missing,
                          params.back_payment_per_year * len(missing))
    return DueVerdict(verdict, paid, required, [], Decimal("0.00"))
