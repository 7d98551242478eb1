"""ID numbers (GB 11643-1999): the rules DOMAIN.md states, checked over generated numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from pension import idnumber

TODAY = datetime.date(2026, 11, 26)
NON_PROVINCE = sorted(set(range(10, 100)) - idnumber.PROVINCE_PREFIXES)

valid_parts = st.tuples(
    st.sampled_from(sorted(idnumber.PROVINCE_PREFIXES)),
    st.integers(0, 9999),
    st.dates(min_value=idnumber.EARLIEST_BIRTH, max_value=TODAY),
    st.integers(0, 999),
)


def _build(parts):
    province, rest, birth, sequence = parts
    return idnumber.build(f"{province:02d}{rest:04d}", birth, sequence)


def _code(raw):
    with pytest.raises(ValidationError) as excinfo:
        idnumber.parse(raw, today=TODAY)
    return excinfo.value.code


@given(valid_parts)
def test_every_generated_valid_id_passes_and_yields_its_birth_date_and_gender(parts):
    _province, _rest, birth, sequence = parts
    number = _build(parts)
    info = idnumber.parse(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.gender == ("M" if sequence % 2 else "F")
    assert info.area_code == number[:6]


@given(valid_parts, st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_is_refused(parts, position, shift):
    number = _build(parts)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    if replacement == number[position]:
        replacement = alphabet[(current + 1) % len(alphabet)]
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        idnumber.parse(changed, today=TODAY)


@given(valid_parts, st.data())
def test_full_width_digits_spaces_and_lower_case_x_are_normalised(parts, data):
    number = _build(parts)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    cuts = sorted(data.draw(st.lists(st.integers(0, 18), max_size=4)))
    spaced, last = "", 0
    for cut in cuts:
        spaced += full_width[last:cut] + data.draw(st.sampled_from([" ", "\u3000", "\t"]))
        last = cut
    spaced += full_width[last:]
    raw = spaced.lower()
    assert idnumber.parse(raw, today=TODAY).number == number


def test_lower_case_x_check_character_is_upper_cased():
    # 11010519491231002X is the standard's own example.
    assert idnumber.parse("11010519491231002x", today=TODAY).number == "11010519491231002X"


def test_birth_date_in_the_future_is_refused():
    number = idnumber.build("140431", TODAY + datetime.timedelta(days=1), 11)
    assert _code(number) == "birth_date"


def test_birth_date_before_1890_is_refused():
    assert _code(idnumber.build("140431", datetime.date(1880, 3, 1), 11)) == "birth_date"


@pytest.mark.parametrize("date_digits", ["19900230", "19901301", "19900001", "20230229", "19900132"])
def test_impossible_birth_date_is_refused(date_digits):
    first17 = f"140431{date_digits}011"
    assert _code(first17 + idnumber.check_char(first17)) == "birth_date"


@pytest.mark.parametrize("prefix", NON_PROVINCE)
def test_a_prefix_that_is_not_a_province_is_refused(prefix):
    number = idnumber.build(f"{prefix:02d}0101", datetime.date(1980, 1, 1), 11)
    assert _code(number) == "province"


def test_unknown_but_real_birth_place_code_is_accepted():
    # 440524 (a county since abolished) is refused by python-stdnum; people still carry it.
    number = idnumber.build("440524", datetime.date(1962, 8, 9), 25)
    assert idnumber.parse(number, today=TODAY).area_code == "440524"


@pytest.mark.parametrize("raw", ["", "1404311980", "14043119800101001", "1404311980010100111", "14043119800101001Y"])
def test_wrong_length_or_characters_are_refused_as_format(raw):
    assert _code(raw) == "format"


def test_wrong_check_digit_is_refused_with_its_own_code():
    number = idnumber.build("140431", datetime.date(1970, 5, 17), 11)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert _code(wrong) == "check_digit"


def test_masks_show_six_leading_and_four_trailing_characters_and_last_four_account_digits():
    assert idnumber.mask("14043119700517011X") == "140431********011X"
    assert idnumber.mask_account("6230123412341234") == "************1234"
    assert idnumber.mask("") == "" and idnumber.mask_account("") == ""


# --- Fifteen-digit legacy numbers (issue 10 item 9) -------------------------------------------------------


def _legacy(eighteen: str) -> str:
    """The 15-digit number a card issued before 1999 carried: no century, no check digit."""
    return eighteen[:6] + eighteen[8:17]


def test_a_15_digit_number_is_converted_to_18_digits_with_century_19_and_check_digit():
    # 140431 + 570517 + 123: born 17 May 1957, the check digit computed over 14043119570517123.
    assert idnumber.parse("140431570517123", today=TODAY).number == "14043119570517123" + idnumber.check_char(
        "14043119570517123")
    assert idnumber.normalize("140431 570517 123") == idnumber.parse("140431570517123", today=TODAY).number


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)),
       st.integers(0, 999))
def test_every_15_digit_number_parses_to_the_18_digit_number_of_the_same_person(birth, sequence):
    full = idnumber.build("140431", birth, sequence)
    info = idnumber.parse(_legacy(full), today=TODAY)
    assert info.number == full and info.birth_date == birth


def test_a_15_digit_number_with_an_impossible_date_is_refused():
    assert _code("140431570230123") == "birth_date"
