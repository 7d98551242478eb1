"""Reads of receipt books (票据): counts, gaps, the next number, ranges proposed for voiding."""

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from pension.scope import get_scoped_or_404, scope_queryset

from ..models import Contribution, ProposalStatus, ReceiptBook, VoidedReceipt, VoidProposal


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


def void_proposals_open(*, book) -> QuerySet:
    """Ranges of a receipt book (already read through a scoped selector) proposed for voiding."""
    return VoidProposal.objects.filter(book=book, status=ProposalStatus.PROPOSED).select_related("proposed_by")
