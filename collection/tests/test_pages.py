"""Browser pages: the entry loop over htmx, review, receipt books, parameters, export; scope per page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from collection import services
from collection.models import Contribution, ContributionGrade

pytestmark = pytest.mark.django_db


def test_entry_lookup_shows_the_resident_with_grade_amounts_and_next_receipt(web, clerk_a, payer, book_a,
                                                                             officer, enter):
    last = enter(payer, year=2025, grade="500")  # a back payment for 2025 stands as last year's grade
    services.contribution_approve(actor=officer, contribution=last)
    c = web(clerk_a)
    r = c.post(reverse("collection:entry_lookup"), {"id_number": payer.id_number.lower()}, HTTP_HX_REQUEST="true")
    text = r.content.decode()
    assert payer.name in text and payer.village.name in text
    assert 'value="500.00" selected' in text  # last year's grade preselected
    assert 'value="26010002"' in text  # the next unused receipt number
    assert payer.id_number not in text  # masked on the page


def test_entry_save_clears_the_screen_for_the_next_person(web, clerk_a, payer, book_a):
    c = web(clerk_a)
    r = c.post(reverse("collection:entry_save"), {"resident": payer.pk, "year": 2026, "grade": "300.00",
                                                  "channel": "cash", "receipt_number": "26010001",
                                                  "paid_on": "2026-03-02"}, HTTP_HX_REQUEST="true")
    text = r.content.decode()
    assert 'id="panel"' in text and 'id="saved-message"' in text and 'name="resident"' not in text
    assert Contribution.objects.get().receipt_number == "26010001"


def test_entry_save_errors_stay_in_the_panel_with_the_field_focused(web, clerk_a, payer, book_a, enter):
    enter(payer, receipt_number="26010001")
    r = web(clerk_a).post(reverse("collection:entry_save"), {
        "resident": payer.pk, "year": 2025, "grade": "300.00", "channel": "cash", "receipt_number": "26010001",
        "paid_on": "2026-03-02"}, HTTP_HX_REQUEST="true")
    assert r["HX-Retarget"] == "#panel"
    assert "26010001" in r.content.decode() and 'role="alert"' in r.content.decode()
    assert Contribution.objects.count() == 1


def test_amounts_step_reprices_for_the_chosen_grade(web, clerk_a, payer, book_a):
    r = web(clerk_a).post(reverse("collection:entry_amounts"), {
        "resident": payer.pk, "year": 2026, "grade": "1000.00", "channel": "cash", "receipt_number": "26010001"},
        HTTP_HX_REQUEST="true")
    assert "¥1,000.00" in r.content.decode() and "¥1,100.00" in r.content.decode()


def test_lookup_of_an_unknown_or_foreign_id_says_not_in_your_area(web, clerk_b, payer):
    r = web(clerk_b).post(reverse("collection:entry_lookup"), {"id_number": payer.id_number})
    assert 'id="lookup-error"' in r.content.decode()
    assert payer.name not in r.content.decode()


def test_clerk_of_township_b_gets_404_on_township_a_pages(web, clerk_b, payer, book_a, enter):
    c = enter(payer)
    client = web(clerk_b)
    for name in ("contribution_detail",):
        assert client.get(reverse(f"collection:{name}", args=[c.pk])).status_code == 404
    for name in ("contribution_cancel", "contribution_resubmit"):
        assert client.post(reverse(f"collection:{name}", args=[c.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("collection:book_detail", args=[book_a.pk])).status_code == 404
    assert client.post(reverse("collection:book_void", args=[book_a.pk]),
                       {"first_number": "26010002", "reason": "x"}).status_code == 404
    assert client.post(reverse("collection:entry_amounts"), {"resident": payer.pk, "year": 2026}).status_code == 404
    assert client.post(reverse("collection:entry_save"), {"resident": payer.pk, "year": 2026}).status_code == 404
    r = client.get(reverse("collection:contribution_list"), {"township": payer.township.code})
    assert payer.name not in r.content.decode()
    r = client.get(reverse("collection:book_list"))
    assert book_a.first_number not in r.content.decode()


def test_clerk_of_township_b_gets_404_on_township_a_import_run(web, clerk_a, clerk_b, township_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    run = services.import_run_create(actor=clerk_a, township=township_a,
                                     upload=SimpleUploadedFile("a.xlsx", b"PK"))
    assert web(clerk_b).get(reverse("collection:import_detail", args=[run.pk])).status_code == 404
    assert web(clerk_b).get(reverse("collection:import_errors", args=[run.pk])).status_code == 404


def test_roster_export_masks_ids_and_stays_in_scope(web, clerk_a, clerk_b, payer, make_resident, village_b,
                                                    book_a, enter):
    enter(payer)
    services.contribution_enter(actor=clerk_b, resident=make_resident(village_b, name="外乡人", enrolled=True),
                                year=2026, grade="300", channel="bank")
    r = web(clerk_a).get(reverse("collection:contribution_export"))
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    body = rows[2:]
    assert len(body) == 1 and body[0][2] == payer.name
    assert body[0][3] != payer.id_number and "*" in body[0][3]


def test_county_must_choose_a_township_to_export_a_roster(web, officer, payer, book_a, enter, township_a):
    enter(payer)
    r = web(officer).get(reverse("collection:contribution_export"))
    assert r.status_code == 302
    r = web(officer).get(reverse("collection:contribution_export"), {"township": township_a.code})
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True).active
    assert len(list(ws.iter_rows(values_only=True))) == 3


def test_review_page_approves_the_selected_but_not_own_entries(web, officer, officer2, payer, make_resident,
                                                               village_a, book_a, enter):
    mine = enter(payer, actor=officer)
    theirs = enter(make_resident(village_a, name="王五", enrolled=True))
    c = web(officer)
    page = c.get(reverse("collection:review")).content.decode()
    # Only the tick boxes: the clerk filter's options carry user ids that may equal an entry's.
    assert f'name="ids" value="{theirs.pk}"' in page and f'name="ids" value="{mine.pk}"' not in page
    c.post(reverse("collection:review_approve_selected"), {"ids": [theirs.pk, mine.pk]})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.status == "approved" and mine.status == "entered"


def test_contribution_page_returns_with_reason(web, officer, payer, book_a, enter):
    c = enter(payer)
    web(officer).post(reverse("collection:contribution_return", args=[c.pk]), {"reason": "票号不符"})
    c.refresh_from_db()
    assert c.status == "returned" and c.return_reason == "票号不符"


def test_county_issues_books_and_writes_off_from_the_pages(web, officer, clerk_a, township_a):
    c = web(officer)
    c.post(reverse("collection:book_list"), {"township": township_a.pk, "first_number": "0001",
                                             "last_number": "0002"})
    from collection.models import ReceiptBook

    book = ReceiptBook.objects.get(first_number="0001")
    r = c.post(reverse("collection:book_write_off", args=[book.pk]), follow=True)
    assert book.__class__.objects.get(pk=book.pk).written_off_at is None
    assert "0001" in r.content.decode()
    web(clerk_a).post(reverse("collection:book_void", args=[book.pk]),
                      {"first_number": "0001", "last_number": "0002", "reason": "退回"})
    c = web(officer)
    assert "void-proposals" in c.get(reverse("collection:book_detail", args=[book.pk])).content.decode()
    proposal = book.void_proposals.get()
    c.post(reverse("collection:book_void_confirm", args=[book.pk, proposal.pk]))
    c.post(reverse("collection:book_write_off", args=[book.pk]))
    assert ReceiptBook.objects.get(pk=book.pk).written_off_at is not None


def test_clerk_cannot_issue_books_or_edit_parameters(web, clerk_a, township_a):
    c = web(clerk_a)
    assert c.post(reverse("collection:book_list"), {"township": township_a.pk, "first_number": "1",
                                                    "last_number": "2"}).status_code == 403
    assert c.post(reverse("collection:parameter_year", args=[2026]), {"form": "grade"}).status_code == 403
    g = ContributionGrade.objects.filter(year=2026).first()
    assert c.get(reverse("collection:grade_edit", args=[g.pk])).status_code == 403


def test_county_officer_edits_parameters_in_the_browser(web, officer, village_a):
    c = web(officer)
    r = c.post(reverse("collection:parameter_year", args=[2026]), {
        "form": "grade", "grade-amount": "4000", "grade-subsidy_central": "0", "grade-subsidy_provincial": "70",
        "grade-subsidy_municipal": "35", "grade-subsidy_county": "35", "grade-active": "on"})
    assert r.status_code == 302
    assert ContributionGrade.objects.get(year=2026, amount=4000).subsidy_total == 140
    c.post(reverse("collection:parameter_year", args=[2026]), {
        "form": "collective", "collective-village": village_a.pk, "collective-amount": "15"})
    c.post(reverse("collection:parameter_year", args=[2026]), {"form": "share", "share-hardship": "other",
                                                              "share-share": "50%"})
    c.post(reverse("collection:parameter_year", args=[2027]), {
        "form": "year", "year-opens_on": "2027-01-01", "year-closes_on": "2027-12-31",
        "year-back_payment_years": "2"})
    c.post(reverse("collection:parameter_index"), {"year": 2027, "copy_from": 2026})
    assert ContributionGrade.objects.filter(year=2027).count() == ContributionGrade.objects.filter(
        year=2026, active=True).count()
    page = c.get(reverse("collection:parameter_year", args=[2027])).content.decode()
    assert "2027-12-31" in page


def test_a_used_grade_keeps_its_amounts(web, officer, payer, book_a, enter):
    enter(payer, grade="300")
    g = ContributionGrade.objects.get(year=2026, amount=300)
    r = web(officer).post(reverse("collection:grade_edit", args=[g.pk]), {
        "amount": "300", "subsidy_central": "0", "subsidy_provincial": "99", "subsidy_municipal": "0",
        "subsidy_county": "0", "active": "on"})
    assert r.status_code == 200
    g.refresh_from_db()
    assert g.subsidy_provincial == 25


def test_clerk_menu_starts_with_contribution_entry(web, clerk_a):
    r = web(clerk_a).get("/")
    assert r.context["nav_items"][0]["name"] == "collection:entry"


def test_pages_read_in_chinese(web, clerk_a, officer):
    assert "缴费录入" in web(clerk_a).get(reverse("collection:entry")).content.decode()
    for name in ("review", "book_list", "parameter_index", "contribution_list"):
        r = web(officer).get(reverse(f"collection:{name}"))
        assert r.status_code == 200, name


def test_entry_save_of_a_grade_other_than_last_years_waits_for_the_confirmation_key(web, clerk_a, payer, book_a,
                                                                                    enter):
    enter(payer, year=2025, grade="300")
    data = {"resident": payer.pk, "year": 2026, "grade": "1000.00", "channel": "cash",
            "receipt_number": "26010002", "paid_on": "2026-03-02"}
    c = web(clerk_a)
    r = c.post(reverse("collection:entry_save"), data, HTTP_HX_REQUEST="true")
    assert r["HX-Retarget"] == "#panel" and 'name="confirm_grade" value="1000.00"' in r.content.decode()
    assert not Contribution.objects.filter(year=2026).exists()
    # A confirmation for another grade does not count.
    c.post(reverse("collection:entry_save"), {**data, "confirm_grade": "300.00"}, HTTP_HX_REQUEST="true")
    assert not Contribution.objects.filter(year=2026).exists()
    c.post(reverse("collection:entry_save"), {**data, "confirm_grade": "1000.00"}, HTTP_HX_REQUEST="true")
    assert Contribution.objects.get(year=2026).grade == 1000
