"""Reads of contributions for the collection app's own pages, through the area scope."""

from django.db.models import Count, QuerySet, Sum

from pension.queries import filter_given
from pension.scope import get_scoped_or_404, scope_queryset

from ..models import LIVE_STATUSES, Contribution, ContributionStatus, ProposalStatus, ReversalProposal


def contribution_list(*, user, year=None, township_code=None, village_id=None, status=None,
                      resident_id=None, name: str | None = None) -> QuerySet[Contribution]:
    qs = scope_queryset(user, Contribution.objects.all()).select_related(
        "resident", "township", "village", "maker", "checker"
    )
    qs = filter_given(qs, year=year, township__code=township_code, village_id=village_id, status=status,
                      resident_id=resident_id, resident__name__contains="".join((name or "").split()))
    # Newest first by id (entry order): the primary key's index serves it, where sorting by made_at
    # would sort the county's millions of rows.
    return qs.order_by("-id")


def contribution_get(*, user, pk) -> Contribution:
    return get_scoped_or_404(
        user, Contribution.objects.select_related("resident", "township", "village", "maker", "checker"), pk=pk
    )


def resident_year_summary(*, resident, year: int, back_years: int = 0) -> dict:
    """What the entry screen shows about a resident, in one query: last year's grade, this year's
    contribution if any, and which of the years open to payment are already paid."""
    rows = list(
        Contribution.objects.filter(resident=resident, year__gte=year - max(back_years, 1), year__lte=year,
                                    status__in=LIVE_STATUSES)
        .order_by("-year").values("year", "grade", "status", "kind", "paid_on")
    )
    return {
        "this_year": next((r for r in rows if r["year"] == year), None),
        "last_year": next((r for r in rows if r["year"] == year - 1), None),
        "paid_years": {r["year"] for r in rows},
    }


def paid_years(*, resident, years) -> set[int]:
    return set(Contribution.objects.filter(resident=resident, year__in=list(years), status__in=LIVE_STATUSES)
               .values_list("year", flat=True))


def reversal_proposal_open(*, contribution):
    """The reversal of a contribution (already read through a scoped selector) awaiting confirmation."""
    return (ReversalProposal.objects.filter(contribution=contribution, status=ProposalStatus.PROPOSED)
            .select_related("proposed_by").first())


def review_queue(*, user, year=None, township_code=None, village_id=None, maker_id=None, date_from=None,
                 date_to=None, name=None) -> QuerySet[Contribution]:
    """Entries awaiting the county's second review, filtered, oldest first (issue 11 item 5)."""
    qs = contribution_list(user=user, year=year, township_code=township_code, village_id=village_id,
                           status=ContributionStatus.ENTERED, name=name)
    qs = filter_given(qs, maker_id=maker_id, paid_on__gte=date_from, paid_on__lte=date_to)
    return qs.order_by("made_at", "id")


def review_totals(queue: QuerySet[Contribution]) -> dict:
    """Count, grades and everything credited of a (filtered) queue, in one aggregate."""
    return queue.order_by().aggregate(
        count=Count("id"), grades=Sum("grade"),
        personal=Sum("personal_amount"),
    )


def review_makers(*, user) -> list[tuple[int, str]]:
    """(user id, name) of everyone with entries awaiting review in the user's scope: the clerk filter's choices."""
    rows = (scope_queryset(user, Contribution.objects.filter(status=ContributionStatus.ENTERED))
            .order_by().values_list("maker_id", "maker__display_name", "maker__username").distinct())
    return sorted((pk, display or username) for pk, display, username in rows)
