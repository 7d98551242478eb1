"""The REST contract: contributions and receipt books, with area scope proved per endpoint."""

import pytest
from django.db.models import Sum

from collection import services
from funds.models import AccountEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/contributions/"
BOOKS = "/api/v1/receipt-books/"


def body(resident=None, **kw):
    data = {"year": 2026, "grade": "300.00", "channel": "cash", "receipt_number": "26010001"}
    if resident is not None:
        data["resident"] = resident.pk
    data.update(kw)
    return data


def test_post_by_id_number_answers_201_with_components_and_status(api, clerk_a, payer, book_a):
    r = api(clerk_a).post(URL, {**body(), "id_number": payer.id_number}, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["status"] == "entered" and d["personal_amount"] == "300.00"
    assert d["subsidy_provincial"] == "25.00" and d["total"] == "350.00"
    assert d["id_number"] != payer.id_number and "*" in d["id_number"]


def test_post_by_resident_id_then_duplicate_answers_409(api, clerk_a, payer, book_a):
    c = api(clerk_a)
    assert c.post(URL, body(payer), format="json").status_code == 201
    r = c.post(URL, body(payer, receipt_number="26010002"), format="json")
    assert r.status_code == 409 and r.json()["errors"]["year"]


def test_used_receipt_answers_409(api, clerk_a, payer, make_resident, village_a, book_a):
    c = api(clerk_a)
    c.post(URL, body(payer), format="json")
    other = make_resident(village_a, name="王五", enrolled=True)
    r = c.post(URL, body(other), format="json")
    assert r.status_code == 409 and "receipt_number" in r.json()["errors"]


def test_bad_grade_answers_400_naming_the_field(api, clerk_a, payer, book_a):
    r = api(clerk_a).post(URL, body(payer, grade="250"), format="json")
    assert r.status_code == 400 and "grade" in r.json()["errors"]


def test_post_needs_resident_or_id_number(api, clerk_a):
    r = api(clerk_a).post(URL, body(), format="json")
    assert r.status_code == 400 and "resident" in r.json()["errors"]


def test_approve_return_reverse_flow(api, clerk_a, officer, officer2, payer, make_resident, village_a, book_a):
    cid = api(clerk_a).post(URL, body(payer), format="json").json()["id"]
    r = api(officer).post(f"{URL}{cid}/approve/")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert AccountEntry.objects.filter(source_kind="contribution", source_id=cid).aggregate(s=Sum("amount"))["s"] > 0
    assert api(officer).post(f"{URL}{cid}/reverse/", {}, format="json").status_code == 400
    r = api(officer2).post(f"{URL}{cid}/reverse/", {"reason": "错录"}, format="json")
    assert r.status_code == 202 and r.json()["status"] == "proposed"
    assert api(officer2).post(f"{URL}{cid}/reverse/confirm/").status_code == 400  # the proposer
    r = api(officer).post(f"{URL}{cid}/reverse/confirm/")
    assert r.status_code == 200 and r.json()["status"] == "reversed"
    other = make_resident(village_a, name="王五", enrolled=True)
    cid2 = api(clerk_a).post(URL, body(other, receipt_number="26010002"), format="json").json()["id"]
    r = api(officer).post(f"{URL}{cid2}/return/", {"reason": "核对票据"}, format="json")
    assert r.status_code == 200 and r.json()["return_reason"] == "核对票据"
    r = api(clerk_a).post(f"{URL}{cid2}/resubmit/", {"grade": "500"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "entered" and r.json()["grade"] == "500.00"
    r = api(clerk_a).post(f"{URL}{cid2}/cancel/", {"reason": "退款"}, format="json")
    assert r.json()["status"] == "cancelled"


def test_maker_cannot_approve_own_entry_by_api(api, officer, payer, book_a):
    cid = api(officer).post(URL, body(payer), format="json").json()["id"]
    r = api(officer).post(f"{URL}{cid}/approve/")
    assert r.status_code == 400 and "checker" in r.json()["errors"]


def test_clerk_cannot_approve_by_api(api, clerk_a, payer, book_a):
    cid = api(clerk_a).post(URL, body(payer), format="json").json()["id"]
    assert api(clerk_a).post(f"{URL}{cid}/approve/").status_code == 403


def test_list_filters_by_year_township_village_status(api, clerk_a, clerk_b, officer, payer, make_resident,
                                                      village_a2, village_b, book_a, book_b, township_b):
    services.contribution_enter(actor=clerk_a, resident=payer, year=2026, grade="300", channel="bank")
    services.contribution_enter(actor=clerk_a, resident=make_resident(village_a2, name="乙", enrolled=True),
                                year=2025, grade="300", channel="bank")
    services.contribution_enter(actor=clerk_b, resident=make_resident(village_b, name="丙", enrolled=True),
                                year=2026, grade="300", channel="bank")
    c = api(officer)
    assert c.get(URL).json()["count"] == 3
    assert c.get(URL, {"year": 2025}).json()["count"] == 1
    assert c.get(URL, {"township": township_b.code}).json()["count"] == 1
    assert c.get(URL, {"village": village_a2.pk}).json()["count"] == 1
    assert c.get(URL, {"status": "approved"}).json()["count"] == 0


def test_receipt_books_post_by_county_and_list_counts(api, officer, clerk_a, township_a, payer):
    r = api(officer).post(BOOKS, {"township": township_a.code, "first_number": "26010001",
                                  "last_number": "26010050"}, format="json")
    assert r.status_code == 201, r.json()
    book = r.json()
    services.contribution_enter(actor=clerk_a, resident=payer, year=2026, grade="300", channel="cash",
                                receipt_number="26010001")
    r = api(clerk_a).post(f"{BOOKS}{book['id']}/void/", {"first_number": "26010002", "reason": "污损"},
                          format="json")
    assert r.status_code == 200
    row = api(clerk_a).get(BOOKS).json()["results"][0]
    assert (row["used_count"], row["voided_count"], row["missing_count"], row["size"]) == (1, 1, 48, 50)
    gaps = api(clerk_a).get(f"{BOOKS}{book['id']}/gaps/").json()
    assert gaps["gaps"] == [] and gaps["unused"][0] == "26010003"
    r = api(officer).post(f"{BOOKS}{book['id']}/write-off/")
    assert r.status_code == 400
    assert api(officer).post(BOOKS, {"township": township_a.code, "first_number": "26010040",
                                     "last_number": "26010060"}, format="json").status_code == 409


def test_clerk_cannot_issue_books_by_api(api, clerk_a, township_a):
    r = api(clerk_a).post(BOOKS, {"township": township_a.code, "first_number": "1", "last_number": "5"},
                          format="json")
    assert r.status_code == 403


# --- scope: township B's clerk sees nothing of township A, by detail, list, filter or action ---------------


@pytest.fixture
def a_contribution(clerk_a, payer, book_a):
    return services.contribution_enter(actor=clerk_a, resident=payer, year=2026, grade="300", channel="cash",
                                       receipt_number="26010001")


def test_clerk_of_township_b_gets_404_on_township_a_contribution(api, clerk_b, a_contribution):
    c = api(clerk_b)
    assert c.get(f"{URL}{a_contribution.pk}/").status_code == 404
    for action in ("resubmit", "cancel"):
        assert c.post(f"{URL}{a_contribution.pk}/{action}/", {"reason": "x"}, format="json").status_code == 404


def test_clerk_of_township_b_lists_no_township_a_contributions_even_by_filter(api, clerk_b, a_contribution,
                                                                              township_a, village_a):
    c = api(clerk_b)
    assert c.get(URL).json()["count"] == 0
    assert c.get(URL, {"township": township_a.code}).json()["count"] == 0
    assert c.get(URL, {"village": village_a.pk}).json()["count"] == 0


def test_clerk_of_township_b_cannot_enter_for_a_township_a_resident(api, clerk_b, payer, book_b):
    c = api(clerk_b)
    assert c.post(URL, body(payer, receipt_number="26020001"), format="json").status_code == 404
    r = c.post(URL, {**body(receipt_number="26020001"), "id_number": payer.id_number}, format="json")
    assert r.status_code == 404


def test_village_assistant_sees_only_their_village(api, assistant_a, a_contribution, clerk_a, make_resident,
                                                   village_a2):
    other = services.contribution_enter(actor=clerk_a, resident=make_resident(village_a2, name="乙", enrolled=True),
                                        year=2026, grade="300", channel="bank")
    c = api(assistant_a)
    ids = [row["id"] for row in c.get(URL).json()["results"]]
    assert ids == [a_contribution.pk]
    assert c.get(f"{URL}{other.pk}/").status_code == 404
    assert c.post(URL, body(), format="json").status_code == 403


def test_clerk_of_township_b_gets_404_on_township_a_receipt_book(api, clerk_b, book_a, township_a):
    c = api(clerk_b)
    assert c.get(f"{BOOKS}{book_a.pk}/").status_code == 404
    assert c.get(f"{BOOKS}{book_a.pk}/gaps/").status_code == 404
    assert c.post(f"{BOOKS}{book_a.pk}/void/", {"first_number": "26010001", "reason": "x"},
                  format="json").status_code == 404
    assert c.get(BOOKS).json()["count"] == 0
    assert c.get(BOOKS, {"township": township_a.code}).json()["count"] == 0


def test_administrator_sees_no_contributions(api, admin_user, a_contribution):
    assert api(admin_user).get(URL).status_code == 403


def test_openapi_schema_documents_the_contract(api, officer):
    r = api(officer).get("/api/schema/", {"format": "json"})
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("/api/v1/contributions/", "/api/v1/contributions/{id}/approve/", "/api/v1/contributions/{id}/return/",
              "/api/v1/contributions/{id}/reverse/", "/api/v1/receipt-books/"):
        assert p in paths, p


def test_a_proposed_range_void_can_be_rejected_through_the_api(api, clerk_a, officer, book_a):
    """Issue 10 item 5: the county officer may refuse a proposed voiding of a receipt range, with a reason."""
    r = api(clerk_a).post(f"{BOOKS}{book_a.pk}/void/", {"first_number": "26010010", "last_number": "26010012",
                                                        "reason": "整本受潮"}, format="json")
    assert r.status_code == 202
    proposal = r.json()["proposal"]
    assert api(officer).post(f"{BOOKS}{book_a.pk}/void/reject/", {"proposal": proposal, "reason": ""},
                             format="json").status_code == 400
    r = api(officer).post(f"{BOOKS}{book_a.pk}/void/reject/", {"proposal": proposal, "reason": "号码仍可使用"},
                          format="json")
    assert r.status_code == 200 and r.json()["voided_count"] == 0
    assert api(officer).post(f"{BOOKS}{book_a.pk}/void/reject/", {"proposal": proposal, "reason": "x"},
                             format="json").status_code == 409
