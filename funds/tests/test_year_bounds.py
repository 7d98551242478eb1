"""The ledger uses the scheme's one year range (pension.params.MIN_YEAR..MAX_YEAR, 2009-2100), as every app does."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funds.deposits import parse_date
from funds.services import interest_rate_set

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [2005, "٢٠٢٥", "1e30", 2101])
def test_an_interest_rate_outside_2009_to_2100_is_refused_in_chinese(officer, year):
    with pytest.raises(ValidationError) as exc:
        interest_rate_set(actor=officer, year=year, rate_percent=Decimal("2.62"), rounding="half_up",
                          month_rule="after_value_month")
    assert exc.value.message_dict["year"] == ["请填写 2009 至 2100 之间的年度。"]


def test_a_deposit_dated_before_the_scheme_began_is_refused():
    with pytest.raises(ValidationError) as exc:
        parse_date(datetime.date(2008, 12, 31))
    assert "2009" in exc.value.messages[0]


def test_the_interest_rate_page_refuses_a_year_before_2009(web, officer):
    response = web(officer).get("/funds/interest/rate/", {"year": "2005"})
    assert response.status_code == 400
    assert "年度超出允许范围" in response.content.decode()
