"""The work lists (live, not a snapshot): enrolled residents of paying age who have not paid for the year.

The work list is enrollment's ``enrolled_residents_of_village`` less collection's ``resident_has_paid``."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from collection import selectors as collection_selectors
from enrollment import selectors as enrollment_selectors
from pension.models import Area

if TYPE_CHECKING:
    from enrollment.models import Resident


def worklist(*, user, year: int, village: Area) -> "QuerySet[Resident]":
    """Residents of a village who are enrolled, of paying age in the year (16-59: from 60 nobody pays a yearly
    contribution, issue 10 item 1) and have no contribution counting for it (scoped), each with
    ``paid_last_year``, in the order of the village roll."""
    return (
        enrollment_selectors.enrolled_residents_of_village(user=user, village_id=village.pk, paying_in=year)
        .exclude(collection_selectors.resident_has_paid(year=year))
        .annotate(paid_last_year=collection_selectors.resident_has_paid(year=year - 1))
    )


def township_worklist(*, user, year: int, township: Area) -> "QuerySet[Resident]":
    """The work lists of every village of a township in one list (scoped), village by village."""
    return (
        enrollment_selectors.enrolled_residents_of_township(user=user, township_code=township.code)
        .exclude(collection_selectors.resident_has_paid(year=year))
        .annotate(paid_last_year=collection_selectors.resident_has_paid(year=year - 1))
    )
