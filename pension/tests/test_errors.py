"""A database refusal is classified by the constraint's name on both databases the system runs on."""

import sqlite3

from django.db import IntegrityError

from pension.errors import violated_constraint


def _sqlite_refusal(message: str) -> IntegrityError:
    try:
        try:
            raise sqlite3.IntegrityError(message)
        except sqlite3.IntegrityError as cause:
            raise IntegrityError(message) from cause
    except IntegrityError as exc:
        return exc


def test_sqlite_unique_violation_is_named_by_the_models_constraint():
    exc = _sqlite_refusal(
        "UNIQUE constraint failed: collection_contribution.receipt_book_id, collection_contribution.receipt_number")
    assert violated_constraint(exc) == "receipt_number_used_once"


def test_sqlite_check_violation_carries_its_name():
    assert violated_constraint(_sqlite_refusal("CHECK constraint failed: maker_is_not_checker")) == \
        "maker_is_not_checker"


def test_an_unknown_refusal_has_no_name():
    assert violated_constraint(_sqlite_refusal("NOT NULL constraint failed: collection_contribution.year")) is None
    assert violated_constraint(_sqlite_refusal("UNIQUE constraint failed: no_such_table.x")) is None


def test_sqlite_unique_field_is_named_as_postgresql_names_it():
    """A field declared unique=True has no name in the model; PostgreSQL calls it <table>_<column>_key, and the
    services compare with that name (pension/tests/test_constraint_names checks it exists)."""
    exc = _sqlite_refusal("UNIQUE constraint failed: audit_riskassessment.year")
    assert violated_constraint(exc) == "audit_riskassessment_year_key"
