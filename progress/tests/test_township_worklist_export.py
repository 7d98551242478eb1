"""Issue 11 item 4: the township-wide unpaid list in one Excel file (every village of the township, IDs masked,
age not birth date, formula-safe, a Chinese file name); out of scope answers 404."""

from urllib.parse import unquote

import pytest

from pension import idnumber

from .test_pages_and_scope import xlsx_rows

pytestmark = pytest.mark.django_db


def test_township_unpaid_list_exports_every_village_in_one_file(web, clerk_a, campaign, township_a, year):
    r = web(clerk_a).get(f"/progress/township/{township_a.code}/worklist/export/?year={year}")
    assert r.status_code == 200
    assert "未缴费" in unquote(r["Content-Disposition"])
    rows = xlsx_rows(r)
    header = rows[2]
    assert header[0] == "村（居）" and "出生日期" not in header
    names = sorted(row[1] for row in rows[3:])
    assert names == sorted(["张四", "张五", "张七", "李二"])
    ids = {row[2] for row in rows[3:]}
    assert idnumber.mask(campaign["unpaid"].id_number) in ids and campaign["unpaid"].id_number not in ids


def test_clerk_of_township_b_gets_404_on_township_a_unpaid_export(web, clerk_b, campaign, township_a, year):
    assert web(clerk_b).get(f"/progress/township/{township_a.code}/worklist/export/?year={year}").status_code == 404


def test_a_bad_year_is_a_message_not_a_500(web, clerk_a, campaign, township_a):
    r = web(clerk_a).get(f"/progress/township/{township_a.code}/worklist/export/?year=abc")
    assert r.status_code in (400, 302)
