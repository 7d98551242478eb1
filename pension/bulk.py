"""Rows written in bulk, for the demo seeders, the benchmarks and the portable interest engine: COPY on PostgreSQL,
one prepared INSERT run over all the rows elsewhere (SQLite, `make run`'s zero-set-up database).

Not bulk_create: it builds a model instance and prepares every field of every row (most of the demo's seeding time
on SQLite), and it would overwrite given creation times with "now" (auto_now_add). Here each column's values are
prepared by the field itself, once per distinct value; the columns are named and no default is filled in.
"""

import io
from decimal import Decimal

from django.db import connection

_INTEGER_FIELDS = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
                   "PositiveBigIntegerField", "PositiveSmallIntegerField", "SmallIntegerField"}


def _esc(v) -> str:
    if v.__class__ is str:
        if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
            return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return v
    return "\\N" if v is None else str(v)


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert `rows` (tuples in the order of `columns`, attribute names such as "resident_id") into the model's
    table, in the current transaction."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        buf = io.StringIO()
        buf.writelines("\t".join(map(_esc, row)) + "\n" for row in rows)
        buf.seek(0)
        with connection.cursor() as c:
            c.cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buf)
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    prepare = [_preparer(by_attname[c]) for c in columns]
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    prepared = [[p(v) for p, v in zip(prepare, row, strict=True)] for row in rows]
    with connection.cursor() as c:
        for i in range(0, len(prepared), 5000):
            c.executemany(sql, prepared[i:i + 5000])


def next_ids(model, n: int) -> int:
    """First of n consecutive ids nobody else will take (on PostgreSQL the sequence is moved past them; the table is
    locked until the transaction ends)."""
    table = model._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = c.fetchone()[0]
            c.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
            c.execute(f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "  # noqa: S608 (table names from model meta)
                      f"(SELECT last_value FROM {seq}))")
            start = c.fetchone()[0] + 1
            c.execute("SELECT setval(%s, %s)", [seq, start + n])
            return start
        c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return c.fetchone()[0] + 1


def _preparer(field):
    """The field's own get_db_prep_save, called once per distinct value (dates, times, amounts and codes repeat
    across hundreds of thousands of rows); an int goes to an integer column as it is, which is all it would do."""
    if getattr(field, "target_field", field).get_internal_type() in _INTEGER_FIELDS:
        prep = field.get_db_prep_save
        return lambda v: v if v is None or v.__class__ is int else prep(v, connection)
    cache = {}

    def prepare(v):
        key = (v.__class__, str(v)) if v.__class__ is Decimal else v
        try:
            return cache[key]
        except KeyError:
            cache[key] = value = field.get_db_prep_save(v, connection)
            return value
    return prepare
