"""The kernel's one reading of digits, dates and names typed by users."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pension import idnumber, params


def test_full_width_digits_are_normalised_and_other_digits_refused():
    assert params.digits("２０２６", field="year") == "2026"
    for raw in ("202６①", "٢٠٢٦", "2026²", "20 26", ""):
        with pytest.raises(ValidationError):
            params.digits(raw, field="year")


@pytest.mark.parametrize("raw", ["abc", "1e30", "NaN", "①", "٢٠٢٦", "99999999999999999999999", "2026.5"])
def test_year_parameter_refuses_anything_but_a_year(raw):
    with pytest.raises(ValidationError) as exc:
        params.year_param({"year": raw})
    assert "year" in exc.value.message_dict


def test_blank_year_parameter_gives_the_default():
    assert params.year_param({}, default=2026) == 2026
    assert params.year_param({"year": "２０２５"}) == 2025


@pytest.mark.parametrize("raw", ["2026-02-30", "garbage", "2026-13-01", "٢٠٢٦-٠١-٠١", "20260101"])
def test_dates_that_do_not_exist_are_refused_never_replaced_by_today(raw):
    with pytest.raises(ValidationError):
        params.parse_date(raw, field="paid_on")


def test_a_real_date_is_read():
    assert params.parse_date("2026-2-28", field="d") == datetime.date(2026, 2, 28)


@pytest.mark.parametrize("raw", ["王\x00五", "\u200b\u200b", "\u202e王五", "王\x1b五", "王" * 51, ""])
def test_names_refuse_control_zero_width_only_and_direction_characters(raw):
    with pytest.raises(ValidationError):
        params.clean_name(raw)


def test_a_name_keeps_its_letters_and_loses_stray_zero_width_spaces():
    assert params.clean_name(" 欧阳\u200b 娜娜 ") == "欧阳娜娜"


def test_id_number_with_arabic_indic_digits_is_refused():
    number = "14043119700517001" + "X"
    arabic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in number)
    with pytest.raises(ValidationError):
        idnumber.parse(arabic)
