"""Small helpers for the selectors of every app."""

from django.db.models import QuerySet


def filter_given(qs: QuerySet, **lookups) -> QuerySet:
    """`qs` narrowed by each lookup whose value was given: a filter left empty (None, "", 0) means "any".
    `filter_given(qs, year=year, township__code=code)` reads as the list of filters a page offers."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return qs.filter(**given) if given else qs
