"""Reads of the collection app, always through the area scope.

Other apps read contributions only through the functions here (see "reads for other apps" at the end): funds for
the cash its reconciliation compares with deposits, progress for its per-village figures and work list.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from enrollment.models import ResidentStanding
from pension.scope import get_scoped_or_404, scope_queryset

from .models import (
    LIVE_STATUSES,
    Channel,
    CollectionYear,
    CollectiveSubsidy,
    Contribution,
    ContributionGrade,
    HardshipShare,
    ImportRun,
    ImportStatus,
    ReceiptBook,
    VoidedReceipt,
)
from .rules import Parameters


def contribution_list(*, user, year=None, township_code=None, village_id=None, status=None,
                      resident_id=None) -> QuerySet[Contribution]:
    qs = scope_queryset(user, Contribution.objects.all()).select_related(
        "resident", "township", "village", "maker", "checker"
    )
    if year:
        qs = qs.filter(year=year)
    if township_code:
        qs = qs.filter(township__code=township_code)
    if village_id:
        qs = qs.filter(village_id=village_id)
    if status:
        qs = qs.filter(status=status)
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
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


# --- receipt books -------------------------------------------------------------------------------------


def _book_counts(qs: QuerySet[ReceiptBook]) -> QuerySet[ReceiptBook]:
    """Used, voided and highest-used per book. A written-off book can no longer change and has no missing
    number (write-off requires it), so its used count is its size less the voided ones, and only open
    books are counted row by row."""
    used = (Contribution.objects.filter(receipt_book=OuterRef("pk")).order_by().values("receipt_book")
            .annotate(n=Count("pk")).values("n"))
    voided = (VoidedReceipt.objects.filter(book=OuterRef("pk")).order_by().values("book")
              .annotate(n=Count("pk")).values("n"))
    top_used = (Contribution.objects.filter(receipt_book=OuterRef("pk")).order_by("-receipt_number")
                .values("receipt_number")[:1])
    size = Cast("last_number", BigIntegerField()) - Cast("first_number", BigIntegerField()) + 1
    qs = qs.annotate(voided_count=Coalesce(Subquery(voided, output_field=IntegerField()), Value(0)))
    return qs.annotate(
        used_count=Case(
            When(written_off_at__isnull=False, then=size - F("voided_count")),
            default=Coalesce(Subquery(used, output_field=IntegerField()), Value(0)),
            output_field=IntegerField(),
        ),
        highest_used=Subquery(top_used),
    )


def receipt_book_list(*, user, township_code=None, open_only=False) -> QuerySet[ReceiptBook]:
    qs = _book_counts(scope_queryset(user, ReceiptBook.objects.all()).select_related("township", "issued_by"))
    if township_code:
        qs = qs.filter(township__code=township_code)
    if open_only:
        qs = qs.filter(written_off_at__isnull=True)
    return qs.order_by("township__code", "first_number")


def receipt_book_get(*, user, pk) -> ReceiptBook:
    return get_scoped_or_404(user, _book_counts(ReceiptBook.objects.select_related("township")), pk=pk)


def receipt_book_accounted(*, book: ReceiptBook) -> tuple[set[str], set[str]]:
    used = set(Contribution.objects.filter(receipt_book=book).values_list("receipt_number", flat=True))
    voided = set(VoidedReceipt.objects.filter(book=book).values_list("number", flat=True))
    return used, voided


def receipt_book_gaps(*, book: ReceiptBook) -> dict:
    """Numbers neither used nor voided: `gaps` lie below the highest number used (a receipt skipped or
    lost: must be found or voided), `unused` above it (still to be used, or voided when the book is
    handed back)."""
    used, voided = receipt_book_accounted(book=book)
    highest = max(used) if used else None
    gaps, unused = [], []
    for number in book.numbers():
        if number in used or number in voided:
            continue
        (gaps if highest is not None and number < highest else unused).append(number)
    return {"gaps": gaps, "unused": unused, "used": len(used), "voided": len(voided), "highest_used": highest}


def receipt_book_missing(*, book: ReceiptBook) -> list[str]:
    report = receipt_book_gaps(book=book)
    return report["gaps"] + report["unused"]


def next_receipt_number(*, township_id: int) -> tuple[ReceiptBook | None, str]:
    """The township's next number: the one after the highest used or voided in its first open book that
    still has numbers left (books are used in order, like the paper ones)."""
    books = ReceiptBook.objects.filter(township_id=township_id, written_off_at__isnull=True).order_by(
        "first_number")
    for book in books:
        top = max(
            filter(None, [
                Contribution.objects.filter(receipt_book=book).aggregate(m=Max("receipt_number"))["m"],
                VoidedReceipt.objects.filter(book=book).aggregate(m=Max("number"))["m"],
            ]),
            default=None,
        )
        width = len(book.first_number)
        candidate = book.first_number if top is None else f"{int(top) + 1:0{width}d}"
        if candidate <= book.last_number and len(candidate) == width:
            return book, candidate
    return None, ""


# --- parameters ----------------------------------------------------------------------------------------


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


# --- imports -------------------------------------------------------------------------------------------


def import_run_list(*, user) -> QuerySet[ImportRun]:
    return scope_queryset(user, ImportRun.objects.all()).select_related("township", "uploaded_by")


def import_run_get(*, user, pk) -> ImportRun:
    return get_scoped_or_404(user, ImportRun.objects.select_related("township"), pk=pk)


# A run still "running" this long after it started was interrupted (a worker killed, a server restarted):
# 200,000 rows take well under a minute. Its rows were never written (the write is one transaction at the
# end), so it can simply run again.
IMPORT_STALE_AFTER = datetime.timedelta(minutes=30)
# A run still "pending" this long after its upload lost its task (the broker was down when it was queued).
IMPORT_LOST_AFTER = datetime.timedelta(minutes=10)


def import_runs_to_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Runs whose task was lost or interrupted, to be queued again (the beat job `collection.resume_imports`).
    Not scoped: the job acts for the system, not for a user."""
    now = now or timezone.now()
    return list(ImportRun.objects.filter(
        Q(status=ImportStatus.PENDING, created_at__lt=now - IMPORT_LOST_AFTER)
        | Q(status=ImportStatus.RUNNING, started_at__lt=now - IMPORT_STALE_AFTER)
    ).order_by("created_at").values_list("pk", flat=True))


# --- reads for other apps ------------------------------------------------------------------------------
# funds' daily reconciliation: the cash taken at the counter. What counts and why is set out in
# funds/selectors.py: the personal part of cash contributions that are entered, returned or approved (not
# reversed, not cancelled), on their payment day, in their township.

CASH_COLLECTED_STATUSES = LIVE_STATUSES


def _cash_collected(*, user) -> QuerySet[Contribution]:
    return scope_queryset(user, Contribution.objects.all()).filter(
        channel=Channel.CASH, status__in=CASH_COLLECTED_STATUSES
    )


def cash_collected_totals(
    *, user, date_from: datetime.date | None = None, date_to: datetime.date | None = None,
    township_ids: list[int] | None = None,
) -> dict[tuple[int, datetime.date], tuple[Decimal, int]]:
    """{(township_id, paid_on): (personal amount, number of contributions)} of the cash collected in the user's
    scope, for the days in the range (open ends allowed) and the townships given (all in scope if None), in one
    GROUP BY that the (township, paid_on) index serves. Days without cash are absent."""
    qs = _cash_collected(user=user)
    if date_from is not None:
        qs = qs.filter(paid_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(paid_on__lte=date_to)
    if township_ids is not None:
        qs = qs.filter(township_id__in=list(township_ids))
    rows = qs.values("township_id", "paid_on").annotate(total=Sum("personal_amount"), n=Count("id")).order_by()
    return {(r["township_id"], r["paid_on"]): (r["total"], r["n"]) for r in rows}


def cash_collected_on(*, user, township_id: int, day: datetime.date) -> QuerySet[Contribution]:
    """One township's cash contributions collected on one day, in the user's scope, in receipt order with the
    resident and village loaded: the rows of the reconciliation sheet a clerk ticks off against the paying-in
    slip."""
    return (
        _cash_collected(user=user).filter(township_id=township_id, paid_on=day)
        .select_related("resident", "village").order_by("receipt_number", "id")
    )


# progress' computation and work list. A contribution counts for progress while it is live (entered, returned
# or approved): a reversed one was corrected away, a cancelled one was handed back or entered in error.


def _counted_for_progress(year: int) -> QuerySet[Contribution]:
    return Contribution.objects.filter(year=year, status__in=LIVE_STATUSES)


def resident_has_paid(*, year: int) -> Exists:
    """True for a resident with a live contribution for the year: an expression over ``OuterRef("pk")``
    for filtering or annotating a queryset of residents that enrollment's selectors returned. Correlated
    (EXISTS) rather than an IN list, so that one village's work list probes the (resident, year) index for its
    own residents instead of reading the whole county's payers."""
    return Exists(_counted_for_progress(year).filter(resident_id=OuterRef("pk")))


def payment_counts_by_village(*, year: int) -> dict[int, dict]:
    """{village_id: {paying, renewals, paying_enrolled, amount}} over the contributions that count for the
    year, in one GROUP BY over the county (progress computes every area at once, unscoped). Counted in the
    village the resident is registered in now, not the one stamped on the contribution, so township and county
    totals are sums of villages and a village's unpaid count equals its work list. A renewal is a payer who
    also paid the year before; paying_enrolled counts payers whose enrolment is active."""
    # An uncorrelated IN: PostgreSQL hashes last year's payers once instead of probing per contribution.
    paid_before = _counted_for_progress(year - 1).values("resident_id")
    rows = (
        _counted_for_progress(year)
        .order_by()
        .values("resident__village_id")
        .annotate(
            paying=Count("resident_id", distinct=True),
            renewals=Count("resident_id", distinct=True, filter=Q(resident_id__in=paid_before)),
            paying_enrolled=Count(
                "resident_id", distinct=True, filter=Q(resident__enrolment_status=ResidentStanding.ACTIVE)
            ),
            amount=Sum("personal_amount"),
        )
    )
    return {r["resident__village_id"]: r for r in rows}


def collection_opens_on(*, year: int) -> datetime.date | None:
    """The day the year's collection opens, as the county set it in the year's parameters; None if not set."""
    return CollectionYear.objects.filter(year=year).values_list("opens_on", flat=True).first()


def reversal_proposal_open(*, contribution):
    """The reversal of a contribution (already read through a scoped selector) awaiting confirmation."""
    from .models import ProposalStatus, ReversalProposal

    return (ReversalProposal.objects.filter(contribution=contribution, status=ProposalStatus.PROPOSED)
            .select_related("proposed_by").first())


def void_proposals_open(*, book) -> QuerySet:
    """Ranges of a receipt book (already read through a scoped selector) proposed for voiding."""
    from .models import ProposalStatus, VoidProposal

    return VoidProposal.objects.filter(book=book, status=ProposalStatus.PROPOSED).select_related("proposed_by")


# --- reads for audit (quarterly samples and red flags; county-wide, no user: audit reads the whole county) ---


def _audit_models():
    from .models import ContributionReversal, ContributionStatus

    return ContributionReversal, ContributionStatus


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz))


def contribution_approvals_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """(id, day approved) of the contributions approved in the period (a reversed one was approved too)."""
    _, ContributionStatus = _audit_models()
    lo, hi = _day_bounds(start, end)
    rows = Contribution.objects.filter(checked_at__gte=lo, checked_at__lt=hi, checker__isnull=False).exclude(
        status=ContributionStatus.RETURNED).order_by("id").values_list("id", "checked_at")
    return [(pk, timezone.localtime(at).date()) for pk, at in rows]


def contribution_reversals_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """(contribution id, day reversed) of the reversals made in the period."""
    ContributionReversal, _ = _audit_models()
    lo, hi = _day_bounds(start, end)
    rows = ContributionReversal.objects.filter(reversed_at__gte=lo, reversed_at__lt=hi).order_by(
        "contribution_id").values_list("contribution_id", "reversed_at")
    return [(pk, timezone.localtime(at).date()) for pk, at in rows]


def _previous_grade() -> Subquery:
    _, ContributionStatus = _audit_models()
    return Subquery(
        Contribution.objects.filter(resident_id=OuterRef("resident_id"), year=OuterRef("year") - 1,
                                    status=ContributionStatus.APPROVED).order_by("-id").values("grade")[:1]
    )


def grade_changes_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    """(id, day approved) of the contributions approved in the period at a grade other than the resident's
    approved grade of the year before (a change of contribution grade, 缴费档次调整)."""
    _, ContributionStatus = _audit_models()
    lo, hi = _day_bounds(start, end)
    rows = (Contribution.objects.filter(checked_at__gte=lo, checked_at__lt=hi, status=ContributionStatus.APPROVED)
            .annotate(previous=_previous_grade()).filter(previous__isnull=False).exclude(grade=F("previous"))
            .order_by("id").values_list("id", "checked_at"))
    return [(pk, timezone.localtime(at).date()) for pk, at in rows]


def contributions_described(*, ids) -> dict[int, dict]:
    """{id: {resident_id, name, year, grade, personal_amount, township_id, status, maker_id, checker_id}}."""
    rows = Contribution.objects.filter(id__in=list(ids)).values(
        "id", "resident_id", "resident__name", "year", "grade", "personal_amount", "township_id", "status",
        "maker_id", "checker_id", "paid_on", "receipt_number", "channel")
    return {r["id"]: r for r in rows}


def contributions_of_residents_from(*, resident_ids, paid_from: datetime.date) -> QuerySet:
    """Live contributions of these residents paid on or after a day: (id, resident_id, paid_on, grade)."""
    return Contribution.objects.filter(resident_id__in=resident_ids, paid_on__gte=paid_from,
                                       status__in=LIVE_STATUSES).values("id", "resident_id", "paid_on", "grade")


def cash_contributions_without_receipt(*, since: datetime.date) -> QuerySet:
    """Live cash contributions paid since a day that carry no receipt number."""
    return (Contribution.objects.filter(channel=Channel.CASH, status__in=LIVE_STATUSES, receipt_number="",
                                        paid_on__gte=since)
            .order_by("id").values("id", "resident_id", "resident__name", "township_id", "paid_on",
                                   "personal_amount", "maker_id"))


def receipt_gaps_by_book() -> list[dict]:
    """Books with numbers missing below their highest used number (neither used nor voided), in two grouped
    queries and the voided numbers: [{book_id, township_id, first, highest, missing (count), sample}]."""
    used = {r["receipt_book_id"]: r for r in Contribution.objects.filter(receipt_book__isnull=False)
            .values("receipt_book_id").annotate(highest=Max("receipt_number"), n=Count("receipt_number",
                                                                                        distinct=True)).order_by()}
    if not used:
        return []
    voided: dict[int, set[str]] = {}
    for book_id, number in VoidedReceipt.objects.filter(book_id__in=list(used)).values_list("book_id", "number"):
        voided.setdefault(book_id, set()).add(number)
    out = []
    for book in ReceiptBook.objects.filter(id__in=list(used)).order_by("id"):
        row = used[book.pk]
        highest = row["highest"]
        width = len(book.first_number)
        span = int(highest) - int(book.first_number) + 1
        void_below = {n for n in voided.get(book.pk, ()) if n < highest}
        missing = span - row["n"] - len(void_below)
        if missing > 0:
            out.append({"book_id": book.pk, "township_id": book.township_id, "first": book.first_number,
                        "last": book.last_number, "highest": highest, "missing": missing, "width": width})
    return out
