"""Receipt books (票据): issue number ranges to townships, void numbers with a reason, write books off."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.models import Area, AreaLevel
from pension.oplog import log_operation, snapshot
from pension.params import clean_reason, is_ascii_digits, normalise_digits
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, require_post
from pension.scope import require_area_in_scope

from ..models import Contribution, ReceiptBook, VoidedReceipt

MAX_BOOK_SIZE = 100_000
MAX_VOID_RANGE = 10_000


def books_holding(number: str):
    """Books whose range holds this number (numbers compare as strings of the same width)."""
    return ReceiptBook.objects.annotate(width=Length("first_number")).filter(
        width=len(number), first_number__lte=number, last_number__gte=number
    )


@transaction.atomic
def receipt_book_issue(*, actor, township: Area, first_number: str, last_number: str) -> ReceiptBook:
    require_post(actor, COUNTY_BUSINESS)
    first, last = normalise_digits(first_number or ""), normalise_digits(last_number or "")
    errors = {}
    if township is None or township.level != AreaLevel.TOWNSHIP:
        errors["township"] = _("Choose a township.")
    if not is_ascii_digits(first) or len(first) > 20:
        errors["first_number"] = _("A receipt number has digits only.")
    if not is_ascii_digits(last) or len(last) > 20:
        errors["last_number"] = _("A receipt number has digits only.")
    if errors:
        raise ValidationError(errors)
    if len(first) != len(last):
        raise ValidationError({"last_number": _("The first and last numbers must have the same number of digits.")})
    if first > last:
        raise ValidationError({"last_number": _("The last number is smaller than the first.")})
    if int(last) - int(first) + 1 > MAX_BOOK_SIZE:
        raise ValidationError({"last_number": _("A book holds at most %(n)s numbers.") % {"n": MAX_BOOK_SIZE}})
    # Two books holding the same number would make "used once" meaningless; serialise issuing.
    # (Issuing is rare: a lock on the county's row is enough.)
    Area.objects.select_for_update().filter(pk=township.parent_id).first()
    overlap = (
        ReceiptBook.objects.annotate(width=Length("first_number"))
        .filter(width=len(first), first_number__lte=last, last_number__gte=first)
        .select_related("township")
        .first()
    )
    if overlap:
        raise Conflict({"first_number": _("This range overlaps book %(first)s–%(last)s issued to %(township)s.")
                        % {"first": overlap.first_number, "last": overlap.last_number,
                           "township": overlap.township.name}})
    book = ReceiptBook.objects.create(township=township, first_number=first, last_number=last, issued_by=actor)
    log_operation(actor=actor, action="receipt_book.issue", obj=book, after=snapshot(book), area=township)
    return book


def check_void_range(*, actor, book: ReceiptBook, first_number: str, last_number: str, reason: str):
    """Lock the book and check a void: (book, first, last, numbers, reason) or ValidationError / Conflict."""
    book = ReceiptBook.objects.select_for_update().select_related("township").get(pk=book.pk)
    require_area_in_scope(actor, book.township)
    if book.written_off_at:
        raise Conflict({"book": _("This book is written off; nothing in it can change.")})
    reason = clean_reason(reason)
    first = normalise_digits(first_number or "")
    last = normalise_digits(last_number or "") or first
    if not reason:
        raise ValidationError({"reason": _("Give the reason for voiding (spoiled, lost, returned unused …).")})
    for field, number in (("first_number", first), ("last_number", last)):
        if not book.holds(number):
            raise ValidationError({field: _("Number %(number)s is not in this book (%(first)s–%(last)s).")
                                   % {"number": number, "first": book.first_number, "last": book.last_number}})
    if not is_ascii_digits(first) or not is_ascii_digits(last):
        raise ValidationError({"first_number": _("A receipt number has digits only.")})
    if last < first:
        raise ValidationError({"last_number": _("The last number is smaller than the first.")})
    width = len(first)
    numbers = [f"{n:0{width}d}" for n in range(int(first), int(last) + 1)]
    if len(numbers) > MAX_VOID_RANGE:
        raise ValidationError({"last_number": _("Void at most %(n)s numbers at once.") % {"n": MAX_VOID_RANGE}})
    used = sorted(Contribution.objects.filter(receipt_book=book, receipt_number__in=numbers)
                  .values_list("receipt_number", flat=True))
    if used:
        raise Conflict({"first_number": _("Number %(number)s is used on a contribution and cannot be voided.")
                        % {"number": used[0]}})
    voided = sorted(VoidedReceipt.objects.filter(book=book, number__in=numbers).values_list("number", flat=True))
    if voided:
        raise Conflict({"first_number": _("Number %(number)s is already voided.") % {"number": voided[0]}})
    return book, first, last, numbers, reason


@transaction.atomic
def receipt_void(*, actor, book: ReceiptBook, first_number: str, last_number: str = "", reason: str) -> int:
    """Void ONE spoiled number at the counter (the spoiled paper is kept). A range of numbers is a two-person
    correction: `receipt_void_propose` then `receipt_void_confirm` (services/corrections.py)."""
    require_post(actor, REGISTRARS)
    if (last_number or "").strip() not in ("", (first_number or "").strip()):
        raise ValidationError({"last_number": _("Voiding a range of numbers needs a second person: propose it, "
                                                "and a county officer confirms it.")})
    book, first, last, numbers, reason = check_void_range(actor=actor, book=book, first_number=first_number,
                                                          last_number="", reason=reason)
    VoidedReceipt.objects.bulk_create([VoidedReceipt(book=book, number=n, reason=reason, voided_by=actor)
                                       for n in numbers])
    log_operation(actor=actor, action="receipt.void", obj=book, after={"first": first, "last": last,
                  "count": len(numbers)}, reason=reason, area=book.township)
    return len(numbers)


@transaction.atomic
def receipt_book_write_off(*, actor, book: ReceiptBook) -> ReceiptBook:
    """核销: only when every number is used or voided."""
    from ..selectors import receipt_book_missing

    require_post(actor, COUNTY_BUSINESS)
    book = ReceiptBook.objects.select_for_update().select_related("township").get(pk=book.pk)
    if book.written_off_at:
        raise Conflict({"book": _("This book is already written off.")})
    missing = receipt_book_missing(book=book)
    if missing:
        shown = "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")
        raise ValidationError({"book": _("%(n)s number(s) are neither used nor voided: %(list)s. Void or account "
                                         "for them before writing the book off.") % {"n": len(missing),
                                                                                    "list": shown}})
    before = snapshot(book, ["written_off_at", "written_off_by"])
    book.written_off_at, book.written_off_by = timezone.now(), actor
    book.save(update_fields=["written_off_at", "written_off_by"])
    log_operation(actor=actor, action="receipt_book.write_off", obj=book, before=before,
                  after=snapshot(book, ["written_off_at", "written_off_by"]), area=book.township)
    return book
