"""Errors services raise. Forms show them beside the field; the API maps them to status codes."""

import re

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The input is well-formed but collides with what exists (duplicate, used number): HTTP 409."""


_SQLITE_UNIQUE = re.compile(r"^UNIQUE constraint failed: (?P<columns>[\w.]+(?:, [\w.]+)*)$")
_SQLITE_CHECK = re.compile(r"^CHECK constraint failed: (?P<name>\w+)$")


def violated_constraint(exc: Exception) -> str | None:
    """The name of the database constraint an IntegrityError broke, or None. Services classify a collision by this
    name, never by searching the error's text.

    PostgreSQL reports the name itself. SQLite (the demo database of `make run`) names a CHECK but reports a unique
    violation only as its table and columns, so the name is looked up among the models' declared constraints."""
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    if diag is not None:
        return getattr(diag, "constraint_name", None)
    message = str(cause or exc).strip()
    if match := _SQLITE_CHECK.match(message):
        return match["name"]
    if match := _SQLITE_UNIQUE.match(message):
        pairs = [column.split(".", 1) for column in match["columns"].split(", ")]
        tables = {table for table, _ in pairs}
        if len(tables) == 1:
            return _unique_constraint_named(tables.pop(), {column for _, column in pairs})
    return None


def _unique_constraint_named(table: str, columns: set[str]) -> str | None:
    from django.apps import apps
    from django.db.models import UniqueConstraint

    for model in apps.get_models():
        if model._meta.db_table != table:
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and constraint.fields:
                names = {model._meta.get_field(field).column for field in constraint.fields}
                if names == columns:
                    return constraint.name
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key and {field.column} == columns:
                return f"{table}_{field.column}_key"  # PostgreSQL's name for a column declared unique
    return None
