"""Issue 11 item 4: finding people at the counter. The entry screen takes a name or the last digits of an ID
number within the clerk's township (candidates with masked IDs and age, never a birth date); a resident's
payments page (history, balance, statement, a 收费 shortcut); the contribution list searches by name and by ID
number (by POST: the number never travels in a URL)."""

import datetime
from decimal import Decimal

import pytest

from collection import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_resident, village_a, village_b):
    return {
        "zhang": make_resident(village_a, name="张三丰", enrolled=True, birth=datetime.date(1970, 5, 17)),
        "zhang2": make_resident(village_a, name="张三", enrolled=True, birth=datetime.date(1980, 1, 2)),
        "li_b": make_resident(village_b, name="张三强", enrolled=True),
    }


def test_clerk_finds_candidates_by_name_within_own_township(web, clerk_a, people):
    r = web(clerk_a).post("/collection/entry/lookup/", {"id_number": "张三"})
    text = r.content.decode()
    assert r.status_code == 200
    assert "张三丰" in text and 'id="candidates"' in text
    assert "张三强" not in text  # township B
    assert people["zhang"].id_number not in text
    assert people["zhang"].id_number[:6] + "********" + people["zhang"].id_number[-4:] in text
    assert "1970-05-17" not in text and "19700517" not in text


def test_clerk_finds_a_resident_by_the_last_digits_of_the_id_number(web, clerk_a, people):
    tail = people["zhang2"].id_number[-6:]
    text = web(clerk_a).post("/collection/entry/lookup/", {"id_number": tail}).content.decode()
    assert "张三" in text
    assert people["zhang2"].id_number not in text


def test_picking_a_candidate_opens_the_payment_panel(web, clerk_a, people, book_a):
    r = web(clerk_a).post("/collection/entry/pick/", {"resident": people["zhang"].pk})
    assert r.status_code == 200
    assert 'id="save-form"' in r.content.decode()


def test_clerk_of_township_b_gets_404_picking_a_resident_of_township_a(web, clerk_b, people):
    assert web(clerk_b).post("/collection/entry/pick/", {"resident": people["zhang"].pk}).status_code == 404
    assert web(clerk_b).post("/collection/entry/pick/", {"resident": "abc"}).status_code in (400, 404)


def test_nothing_found_says_so_in_chinese(web, clerk_a, people):
    text = web(clerk_a).post("/collection/entry/lookup/", {"id_number": "欧阳修"}).content.decode()
    assert 'id="lookup-error"' in text and "没有" in text


def test_resident_payments_page_shows_history_balance_and_shortcut(web, clerk_a, officer, people, enter):
    c = enter(people["zhang"], grade="500")
    services.contribution_approve(actor=officer, contribution=c)
    r = web(clerk_a).get(f"/collection/residents/{people['zhang'].pk}/")
    text = r.content.decode()
    assert r.status_code == 200
    assert "¥500.00" in text and 'id="payments"' in text
    assert 'id="balance"' in text
    assert f"/funds/accounts/{people['zhang'].pk}/statement/" in text
    assert f"/collection/?resident={people['zhang'].pk}" in text  # 收费
    assert people["zhang"].id_number not in text


def test_the_charge_shortcut_opens_the_entry_screen_on_that_resident(web, clerk_a, people, book_a):
    text = web(clerk_a).get(f"/collection/?resident={people['zhang'].pk}").content.decode()
    assert 'id="save-form"' in text and "张三丰" in text


def test_clerk_of_township_b_gets_404_on_a_township_a_residents_payments(web, clerk_b, people):
    assert web(clerk_b).get(f"/collection/residents/{people['zhang'].pk}/").status_code == 404
    assert web(clerk_b).get(f"/collection/?resident={people['zhang'].pk}").status_code == 404


def test_contribution_list_searches_by_name(web, clerk_a, people, enter):
    enter(people["zhang"])
    enter(people["zhang2"])
    text = web(clerk_a).get("/collection/contributions/?year=&q=张三丰").content.decode()
    assert "张三丰" in text and ">张三<" not in text


def test_contribution_list_searches_by_id_number_by_post_only(web, clerk_a, people, enter):
    enter(people["zhang"])
    enter(people["zhang2"])
    r = web(clerk_a).post("/collection/contributions/", {"id_number": people["zhang2"].id_number})
    text = r.content.decode()
    assert r.status_code == 200
    assert ">张三<" in text and "张三丰" not in text
    assert people["zhang2"].id_number not in text
    r = web(clerk_a).get(f"/collection/contributions/?q={people['zhang2'].id_number}")
    assert r.status_code == 400 or people["zhang2"].id_number not in r.content.decode()


def test_a_bad_id_number_in_the_contribution_search_is_a_message(web, clerk_a, people):
    r = web(clerk_a).post("/collection/contributions/", {"id_number": "12345"})
    assert r.status_code == 200 and "身份证" in r.content.decode()


def test_money_is_decimal_in_the_balance(people, officer, enter):
    from funds import selectors as funds_selectors

    c = enter(people["zhang"], grade="300")
    services.contribution_approve(actor=officer, contribution=c)
    balance = funds_selectors.account_balances_by_resident(resident_ids=[people["zhang"].pk])
    assert isinstance(balance[people["zhang"].pk], Decimal)
