"""Counts by village and township, and the residents of a work list: the reads progress builds on."""

import datetime

from django.db.models import Count, Q, QuerySet

from ..models import (
    Enrollment,
    Resident,
    ResidentStanding,
)
from .residents import resident_list


def resident_counts_by_village(*, year: int, of_age: int) -> dict[int, dict]:
    """{village_id: {village_id, enrolled, newly_of_age, payable}} in one GROUP BY over residents: those
    enrolled now (active), those of them who reach `of_age` during the year (born in year - of_age), and those
    of them of paying age in the year (`paying_age_births`, the base of the unpaid count)."""
    born_from, born_to = datetime.date(year - of_age, 1, 1), datetime.date(year - of_age, 12, 31)
    active = Q(enrolment_status=ResidentStanding.ACTIVE)
    rows = (
        Resident.objects.order_by()
        .values("village_id")
        .annotate(
            enrolled=Count("id", filter=active),
            newly_of_age=Count("id", filter=active & Q(birth_date__gte=born_from, birth_date__lte=born_to)),
            payable=Count("id", filter=active & paying_age_births(year=year)),
        )
    )
    return {r["village_id"]: r for r in rows}


def new_enrollee_counts_by_village(*, year: int) -> dict[int, int]:
    """{village_id: residents with an enrolment that began in the year} in one GROUP BY over enrolments,
    counted in the village the resident is registered in now."""
    rows = (
        Enrollment.objects.filter(
            enrolled_on__gte=datetime.date(year, 1, 1), enrolled_on__lte=datetime.date(year, 12, 31)
        )
        .order_by()
        .values("resident__village_id")
        .annotate(n=Count("resident_id", distinct=True))
    )
    return {r["resident__village_id"]: r["n"] for r in rows}


def paying_age_births(*, year: int, prefix: str = "") -> Q:
    """Residents who reach 16 to 59 during `year` (born in year − 59 … year − 16): those who pay a yearly
    contribution that year. Rule (issue 10 item 1; 国发〔2014〕8号 二 "年满16周岁", 五 "年满60周岁 … 领取待遇"):
    from the year a resident turns 60 there is no yearly contribution, so they are never counted as unpaid.
    `prefix` is the path to the resident from another model ("resident__")."""
    return Q(**{f"{prefix}birth_date__gte": datetime.date(year - 59, 1, 1),
                f"{prefix}birth_date__lte": datetime.date(year - 16, 12, 31)})


def enrolled_residents_of_village(*, user, village_id: int, paying_in: int | None = None) -> QuerySet[Resident]:
    """The residents of one village enrolled now, in the order of the village's paper roll (natural village,
    then name), for the village's work list; with `paying_in`, only those of paying age in that year
    (`paying_age_births`). Scoped like `resident_list`: a village outside the user's scope raises Http404."""
    qs = resident_list(user=user, village_id=village_id, status=ResidentStanding.ACTIVE)
    if paying_in is not None:
        qs = qs.filter(paying_age_births(year=paying_in))
    return qs.order_by("natural_village__name", "name", "id")


def enrolled_residents_of_township(*, user, township_code: str) -> QuerySet[Resident]:
    """The residents of one township enrolled now, village by village in the order of the paper rolls, for the
    township-wide unpaid list (issue 11 item 4). A township outside the user's scope raises Http404."""
    return resident_list(user=user, township_code=township_code, status=ResidentStanding.ACTIVE).order_by(
        "village__code", "natural_village__name", "name", "id"
    )


def resident_counts_by_township(*, adults_born_by: datetime.date) -> dict[int, dict]:
    """{township_id: {township_id, adults, enrolled}} in one GROUP BY over residents: the living born on or
    before the day, and those enrolled now. For seeding demo targets (progress.demo)."""
    rows = Resident.objects.order_by().values("township_id").annotate(
        adults=Count("id", filter=Q(birth_date__lte=adults_born_by, death_date__isnull=True)),
        enrolled=Count("id", filter=Q(enrolment_status=ResidentStanding.ACTIVE)),
    )
    return {r["township_id"]: r for r in rows}
