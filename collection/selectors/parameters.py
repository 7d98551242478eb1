"""Reads of the dated parameters of collection (grades, campaign years, shares, collective subsidies)."""

import datetime

from ..models import CollectionYear, CollectiveSubsidy, ContributionGrade, HardshipShare
from ..rules import Parameters


def parameter_years() -> list[int]:
    years = set(CollectionYear.objects.values_list("year", flat=True))
    years |= set(ContributionGrade.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def parameters_of_year(*, year: int) -> dict:
    return {
        "year": year,
        "collection_year": CollectionYear.objects.filter(year=year).first(),
        "grades": list(ContributionGrade.objects.filter(year=year).order_by("amount")),
        "shares": list(HardshipShare.objects.filter(year=year).order_by("hardship")),
        "collective": list(CollectiveSubsidy.objects.filter(year=year).select_related("village", "village__parent")
                           .order_by("village__code")),
    }


def current_campaign(day) -> CollectionYear | None:
    return Parameters().campaign_on(day)


def collection_opens_on(*, year: int) -> datetime.date | None:
    """The day the year's collection opens, as the county set it in the year's parameters; None if not set."""
    return CollectionYear.objects.filter(year=year).values_list("opens_on", flat=True).first()
