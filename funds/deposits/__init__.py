"""Deposit vouchers (入库凭证) from the credit cooperative: by the API (with an Idempotency-Key) or by an
Excel upload that is all-or-nothing. A voucher number is recorded once; a wrong voucher is cancelled by
a reversal row (negative amount), never edited or deleted.

`parsing` reads the four fields, `record` writes one voucher, `reversal` cancels one with a second person's
confirmation, `upload` reads and writes a workbook. The names callers use are re-exported here.
"""

from .parsing import (
    DEPOSIT_FIELDS,
    parse_amount,
    parse_date,
    parse_voucher,
    township_by_code,
    voucher_fields_clean,
    voucher_taken_message,
)
from .record import deposit_record
from .reversal import deposit_reversal_confirm, deposit_reversal_propose, deposit_reversal_reject
from .upload import COLUMNS, LIMITS, TEMPLATE_HEADERS, ImportResult, deposit_import, read_workbook

__all__ = [
    "COLUMNS",
    "DEPOSIT_FIELDS",
    "LIMITS",
    "TEMPLATE_HEADERS",
    "ImportResult",
    "deposit_import",
    "deposit_record",
    "deposit_reversal_confirm",
    "deposit_reversal_propose",
    "deposit_reversal_reject",
    "parse_amount",
    "parse_date",
    "parse_voucher",
    "read_workbook",
    "township_by_code",
    "voucher_fields_clean",
    "voucher_taken_message",
]
