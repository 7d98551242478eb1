"""Excel import: the ID number column. The template formats it as text; a cell Excel turned into a number is
refused even when its digits look valid; the import's fast ID check accepts exactly what the registry's parser
accepts."""

import datetime
import io

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from collection.services import imports

pytestmark = pytest.mark.django_db


def test_template_has_the_id_column_formatted_as_text(web, clerk_a):
    r = web(clerk_a).get(reverse("collection:import_template"))
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    ws = wb.worksheets[0]
    assert ws["A2"].number_format == "@"
    assert [c.value for c in ws[1]] == imports.headers()


def test_an_id_number_cell_holding_a_number_is_refused_even_when_its_digits_look_valid(payer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        imports.id_from_cell(int(payer.id_number.replace("X", "0")))
    assert "Text" in exc.value.message_dict["id_number"][0] or "文本" in exc.value.message_dict["id_number"][0]
    assert imports.id_from_cell(f" {payer.id_number.lower()} ") == payer.id_number
    assert imports.id_from_cell("１４０４３１" + payer.id_number[6:]) == payer.id_number  # full-width digits


# The import reads a well-formed ID cell through a fast path of its own; it must accept exactly what the
# registry's parser accepts, or a clerk's file would be judged differently from the entry screen.
@given(
    digits=st.text(alphabet="0123456789", min_size=17, max_size=17),
    last=st.sampled_from("0123456789X"),
)
@settings(max_examples=500, deadline=None)
def test_fast_id_check_agrees_with_the_registry_parser_on_any_18_characters(digits, last):
    from django.core.exceptions import ValidationError

    from pension import idnumber

    text = digits + last
    try:
        expected = idnumber.parse(text).number
    except ValidationError:
        expected = None
    try:
        got = imports.id_from_cell(text)
    except ValidationError:
        got = None
    assert got == expected


@given(birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
       serial=st.integers(min_value=0, max_value=999))
@settings(max_examples=300, deadline=None)
def test_fast_id_check_accepts_every_valid_id_number(birth, serial):
    from pension import idnumber

    number = idnumber.build("140431", birth, serial)
    assert imports.id_from_cell(number) == number
