import datetime
from decimal import Decimal

import pytest

from collection import services
from collection.models import ReceiptBook


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _provincial_table(request):
    """The data migration's parameter rows; a transactional test's flush removes them, so load them again
    (loading is idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from collection.parameters import seed_parameters

    seed_parameters()


def _issued_at_campaign_start(book):
    """The tests take payments dated from March; a book is used only from the day it was issued."""
    from django.utils import timezone

    ReceiptBook.objects.filter(pk=book.pk).update(issued_at=timezone.make_aware(datetime.datetime(2026, 1, 2)))
    book.refresh_from_db()
    return book


@pytest.fixture
def book_a(township_a, officer):
    return _issued_at_campaign_start(services.receipt_book_issue(
        actor=officer, township=township_a, first_number="26010001", last_number="26010100"))


@pytest.fixture
def book_b(township_b, officer):
    return _issued_at_campaign_start(services.receipt_book_issue(
        actor=officer, township=township_b, first_number="26020001", last_number="26020100"))


@pytest.fixture
def void_range(officer2):
    """Void a range of numbers the two-person way: proposed by `actor`, confirmed by officer2."""

    def go(*, actor, book, first_number, last_number, reason):
        proposal = services.receipt_void_propose(actor=actor, book=book, first_number=first_number,
                                                 last_number=last_number, reason=reason)
        return services.receipt_void_confirm(actor=officer2, proposal=proposal)

    return go


@pytest.fixture
def payer(make_resident, village_a):
    """An enrolled resident of township A with no hardship."""
    return make_resident(village_a, name="张三", enrolled=True)


@pytest.fixture
def enter(clerk_a, book_a):
    """Enter a cash contribution for 2026 with the next receipt number of book A."""
    numbers = iter(f"2601{n:04d}" for n in range(1, 101))

    def go(resident, *, actor=clerk_a, grade="300", year=2026, **kw):
        kw.setdefault("channel", "cash")
        if kw["channel"] == "cash":
            kw.setdefault("receipt_number", next(numbers))
        return services.contribution_enter(actor=actor, resident=resident, year=year, grade=grade,
                                           paid_on=kw.pop("paid_on", datetime.date(2026, 3, 2)), **kw)

    return go


def money(x) -> Decimal:
    return Decimal(x).quantize(Decimal("0.01"))


__all__ = ["ReceiptBook", "money"]
