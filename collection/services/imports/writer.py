"""Writing checked rows: what rows with the same plan share (`Planned`), one checked row (`Checked`), and the
bulk writer (COPY on PostgreSQL, bulk_create elsewhere)."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from ...models import Channel, Contribution
from ...rules import AMOUNT_FIELDS, Plan

PLAN_COLUMNS = ["year", "kind", "grade", *AMOUNT_FIELDS, "channel", "paid_on"]
COPY_COLUMNS = ["resident_id", "township_id", "village_id", "receipt_book_id", "receipt_number", *PLAN_COLUMNS,
                "status", "maker_id", "made_at", "return_reason", "cancel_reason"]
COPY_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class Planned:
    """What every row with the same plan inserts alike: the values of PLAN_COLUMNS, and their COPY text."""

    values: tuple
    text: str
    year: int
    cash: bool
    personal: Decimal

    @classmethod
    def of(cls, plan: Plan) -> "Planned":
        values = (plan.year, plan.kind, plan.grade, *[plan.amounts[f] for f in AMOUNT_FIELDS], plan.channel,
                  plan.paid_on)
        # Ints, Decimals, a date and fixed codes: COPY's text format needs no escaping for them.
        return cls(values=values, text="\t".join(map(str, values)), year=plan.year,
                   cash=plan.channel == Channel.CASH, personal=plan.amounts["personal_amount"])


class Checked(NamedTuple):
    """One checked row: who, which receipt, and the shared plan."""

    resident_id: int
    township_id: int
    village_id: int
    receipt_book_id: int | None
    receipt_number: str
    planned: Planned


def copy_lines(rows: list[Checked], *, status: str, maker_id: int, now: datetime.datetime):
    """COPY text lines for COPY_COLUMNS."""
    tail = f"\t{status}\t{maker_id}\t{now.isoformat()}\t\t\n"
    null = "\\N"
    for r in rows:
        yield f"{r[0]}\t{r[1]}\t{r[2]}\t{null if r[3] is None else r[3]}\t{r[4]}\t{r[5].text}{tail}"


def write_contributions(rows: list[Checked], *, maker_id: int, status: str = "entered") -> None:
    """Insert checked rows: COPY on PostgreSQL (the floor of what can be done), in chunks so the text
    buffer stays small; bulk_create elsewhere. A row's text is its own five values (ints and a digit
    string, which need no escaping in COPY's text format) plus its plan's text, built once per plan."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        sql = f"COPY collection_contribution ({', '.join(COPY_COLUMNS)}) FROM STDIN"
        # COPY goes to the driver's cursor, past Django's error wrapping: wrap it, so that a unique index's
        # refusal is Django's IntegrityError (with the constraint's name) as for any other write.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            for start in range(0, len(rows), COPY_CHUNK):
                buf = io.StringIO()
                buf.writelines(copy_lines(rows[start:start + COPY_CHUNK], status=status, maker_id=maker_id, now=now))
                buf.seek(0)
                cursor.cursor.copy_expert(sql, buf)
        return
    for i in range(0, len(rows), 2000):
        Contribution.objects.bulk_create(
            [Contribution(resident_id=r.resident_id, township_id=r.township_id, village_id=r.village_id,
                          receipt_book_id=r.receipt_book_id, receipt_number=r.receipt_number,
                          **dict(zip(PLAN_COLUMNS, r.planned.values, strict=True)), status=status,
                          maker_id=maker_id)
             for r in rows[i:i + 2000]])
