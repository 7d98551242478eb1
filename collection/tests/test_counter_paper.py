"""Issue 11 item 6: the counter's paper. An A5 receipt (缴费凭证) printable after each save and again from the
list (receipt number, components, clerk); the day's entries with count and cash total; a per-clerk day-end
sheet (日结单) for the cash hand-over. Printing through the data-print behaviour, never an inline handler."""

import datetime

import pytest
from django.utils import timezone

from collection import services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_receipt_prints_on_a5_with_number_components_and_clerk(web, clerk_a, payer, enter):
    c = enter(payer, grade="500")
    r = web(clerk_a).get(f"/collection/contributions/{c.pk}/receipt/")
    text = r.content.decode()
    assert r.status_code == 200
    assert "size: A5" in text and "data-print" in text and "onclick" not in text
    assert c.receipt_number in text and "¥500.00" in text and "clerk_a" in text
    assert "缴费凭证" in text and "个人缴费" in text
    assert payer.id_number not in text


def test_a_saved_entry_offers_its_receipt_and_the_list_reprints_it(web, clerk_a, payer, book_a):
    client = web(clerk_a)
    r = client.post("/collection/entry/save/", {"resident": payer.pk, "year": 2026, "grade": "300.00",
                                                 "channel": "cash", "receipt_number": "26010001",
                                                 "paid_on": "2026-03-02", "confirm_grade": "300.00"},
                    HTTP_HX_REQUEST="true")
    from collection.models import Contribution

    c = Contribution.objects.get()
    assert f"/collection/contributions/{c.pk}/receipt/" in r.content.decode()
    listing = client.get("/collection/contributions/?year=").content.decode()
    assert f"/collection/contributions/{c.pk}/receipt/" in listing


def test_clerk_of_township_b_gets_404_on_a_township_a_receipt(web, clerk_b, payer, enter):
    c = enter(payer)
    assert web(clerk_b).get(f"/collection/contributions/{c.pk}/receipt/").status_code == 404


def test_the_days_entries_show_count_and_cash_total(web, clerk_a, payer, make_resident, village_a, enter):
    enter(payer, grade="300", paid_on=TODAY)
    enter(make_resident(village_a, name="李四", enrolled=True), grade="500", paid_on=TODAY)
    text = web(clerk_a).get("/collection/").content.decode()
    assert 'id="day-totals"' in text
    totals = text[text.index('id="day-totals"'):][:400]
    assert "2" in totals and "¥800.00" in totals


def test_the_day_end_sheet_lists_the_clerks_cash_and_its_total(web, clerk_a, payer, make_resident, village_a,
                                                               enter, officer):
    enter(payer, grade="300", paid_on=TODAY)
    other = enter(make_resident(village_a, name="李四", enrolled=True), grade="500", paid_on=TODAY)
    enter(make_resident(village_a, name="王五", enrolled=True), grade="200", paid_on=TODAY, channel="bank")
    services.contribution_cancel(actor=clerk_a, contribution=other, reason="退款")
    r = web(clerk_a).get(f"/collection/day-sheet/?date={TODAY.isoformat()}")
    text = r.content.decode()
    assert r.status_code == 200 and "日结单" in text and "data-print" in text
    assert "张三" in text and "¥300.00" in text
    assert "王五" not in text  # bank withholding is not cash in hand
    sheet_total = text[text.index('id="sheet-total"'):][:200]
    assert "¥300.00" in sheet_total


def test_the_day_end_sheet_refuses_a_bad_date_without_a_500(web, clerk_a):
    r = web(clerk_a).get("/collection/day-sheet/?date=2026-02-30")
    assert r.status_code in (200, 400)


def test_an_auditor_cannot_open_the_day_end_sheet(web, auditor):
    assert web(auditor).get("/collection/day-sheet/").status_code == 403


def test_receipt_dates_are_iso(web, clerk_a, payer, enter):
    c = enter(payer, paid_on=datetime.date(2026, 3, 2))
    assert "2026-03-02" in web(clerk_a).get(f"/collection/contributions/{c.pk}/receipt/").content.decode()
