"""Deposit vouchers (入库凭证) from the credit cooperative: by the API (with an Idempotency-Key) or by an
Excel upload that is all-or-nothing. A voucher number is recorded once; a wrong voucher is cancelled by
a reversal row (negative amount), never edited or deleted.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension import excel
from pension.errors import Conflict
from pension.models import Area, AreaLevel
from pension.oplog import log_operation, snapshot
from pension.params import MIN_YEAR
from pension.permissions import require_post

from .models import Deposit, DepositReversalProposal, DepositSource
from .permissions import DEPOSIT_CONFIRMERS, DEPOSIT_WRITERS
from .signoffs import day_lock_check, msg_day_signed_off, signed_off_days

MAX_AMOUNT = Decimal("9999999999.99")
VOUCHER_RE = re.compile(r"^[0-9A-Za-z\-_/]{1,40}$")
EARLIEST = datetime.date(MIN_YEAR, 1, 1)
DEPOSIT_FIELDS = ["township", "date", "amount", "voucher_number", "source", "reverses", "reason"]

# Upload limits: a county's vouchers for a month are dozens to a few thousand rows.
LIMITS = excel.Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_columns=30, max_unpacked_bytes=50 * 1024 * 1024)
# Column headers of the template, Chinese as the clerks see them, with English aliases accepted.
COLUMNS = {
    "date": ("日期", "入库日期", "date"),
    "township": ("乡镇代码", "乡镇(街道)代码", "township"),
    "amount": ("金额", "入库金额", "amount"),
    "voucher_number": ("凭证号", "入库凭证号", "voucher_number"),
}
TEMPLATE_HEADERS = ["日期", "乡镇代码", "金额", "凭证号"]


def parse_amount(value) -> Decimal:
    """A positive amount with at most two decimal places, or ValidationError."""
    if isinstance(value, float):
        value = repr(value)  # what Excel shows (1200.1), not the binary expansion
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("¥", "").replace("￥", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("The amount is not a number."))
    if not amount.is_finite():
        raise ValidationError(_("The amount is not a number."))
    if amount <= 0:
        raise ValidationError(_("The amount must be greater than zero."))
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("The amount has more than two decimal places."))
    if amount > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."))
    return amount.quantize(Decimal("0.01"))


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        day = value
    else:
        text = str(value or "").strip().replace("/", "-").replace(".", "-")
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            m = re.fullmatch(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日", text) or re.fullmatch(
                r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
            if not m:
                raise ValidationError(_("The date is not a date like 2026-03-02."))
            try:
                day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValidationError(_("The date is not a date like 2026-03-02."))
    if day > timezone.localdate():
        raise ValidationError(_("The deposit date is in the future."))
    if day < EARLIEST:
        raise ValidationError(_("The deposit date is before %(year)s.") % {"year": MIN_YEAR})
    return day


def parse_voucher(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError(_("The voucher number is missing."))
    if not VOUCHER_RE.match(text):
        raise ValidationError(_("A voucher number has 1 to 40 letters, digits, '-', '_' or '/'."))
    return text


def township_by_code(code) -> Area:
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = str(code if code is not None else "").strip()
    township = Area.objects.filter(code=text, level=AreaLevel.TOWNSHIP).first() if text else None
    if township is None:
        raise ValidationError(
            _("%(code)s is not the 9-digit code of a township of this county.") % {"code": text or "—"}
        )
    return township


def _validate(*, township, date, amount, voucher_number) -> tuple[dict, dict]:
    """Parse the four fields; return (clean values, errors by field)."""
    clean, errors = {}, {}
    for name, parser, value in (
        ("township", lambda v: v if isinstance(v, Area) else township_by_code(v), township),
        ("date", parse_date, date),
        ("amount", parse_amount, amount),
        ("voucher_number", parse_voucher, voucher_number),
    ):
        try:
            clean[name] = parser(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if "township" in clean and clean["township"].level != AreaLevel.TOWNSHIP:
        errors["township"] = [_("Deposits are recorded per township.")]
    return clean, errors


def _voucher_taken_message(number: str) -> str:
    return _("Voucher %(number)s is already recorded.") % {"number": number}


@transaction.atomic
def deposit_record(*, actor, township, date, amount, voucher_number, source: str = DepositSource.API) -> Deposit:
    """Record one deposit voucher. A voucher number already recorded is a conflict (409)."""
    require_post(actor, DEPOSIT_WRITERS)
    clean, errors = _validate(township=township, date=date, amount=amount, voucher_number=voucher_number)
    if errors:
        raise ValidationError(errors)
    day_lock_check(township_id=clean["township"].pk, date=clean["date"])
    if Deposit.objects.filter(voucher_number=clean["voucher_number"], reverses__isnull=True).exists():
        raise Conflict({"voucher_number": _voucher_taken_message(clean["voucher_number"])})
    deposit = Deposit(source=source, created_by=actor, **clean)
    try:
        with transaction.atomic():
            deposit.save()
    except IntegrityError:  # lost a race for the same voucher number
        raise Conflict({"voucher_number": _voucher_taken_message(clean["voucher_number"])})
    log_operation(actor=actor, action="deposit.record", obj=deposit, after=snapshot(deposit, DEPOSIT_FIELDS),
                  area=deposit.township)
    return deposit


PROPOSAL_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]


@transaction.atomic
def deposit_reversal_propose(*, actor, deposit: Deposit, reason: str) -> DepositReversalProposal:
    """Propose cancelling a wrong voucher; nothing changes until a second person confirms."""
    require_post(actor, DEPOSIT_WRITERS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling this voucher.")})
    deposit = Deposit.objects.select_for_update().get(pk=deposit.pk)
    day_lock_check(township_id=deposit.township_id, date=deposit.date, field="deposit")
    if deposit.reverses_id is not None:
        raise ValidationError({"deposit": _("A cancellation cannot itself be cancelled.")})
    if Deposit.objects.filter(reverses=deposit).exists():
        raise Conflict({"deposit": _("This voucher is already cancelled.")})
    if deposit.created_by_id == actor.pk:
        raise ValidationError({"proposed_by": _("You recorded this voucher; another person must propose its "
                                                "cancellation.")})
    if DepositReversalProposal.objects.filter(deposit=deposit, status="proposed").exists():
        raise Conflict({"deposit": _("The cancellation of this voucher is already awaiting confirmation.")})
    proposal = DepositReversalProposal.objects.create(deposit=deposit, reason=reason,
                                                      recorded_by_id=deposit.created_by_id, proposed_by=actor)
    log_operation(actor=actor, action="deposit.reversal_propose", obj=deposit, after={"proposal": proposal.pk},
                  reason=reason, area=deposit.township)
    return proposal


def _decide(actor, proposal_pk: int) -> DepositReversalProposal:
    proposal = DepositReversalProposal.objects.select_for_update().select_related("deposit").get(pk=proposal_pk)
    require_post(actor, DEPOSIT_CONFIRMERS)
    if actor.pk in (proposal.proposed_by_id, proposal.recorded_by_id):
        raise ValidationError({"decided_by": _("You proposed this cancellation or recorded the voucher; a second "
                                               "officer must confirm it.")})
    if proposal.status != "proposed":
        raise Conflict({"status": _("This proposal is already %(status)s.")
                        % {"status": proposal.get_status_display()}})
    return proposal


@transaction.atomic
def deposit_reversal_confirm(*, actor, proposal: DepositReversalProposal) -> Deposit:
    """The second officer confirms: the wrong voucher is cancelled by a negative row on the same township and day."""
    proposal = _decide(actor, proposal.pk)
    deposit = Deposit.objects.select_for_update().get(pk=proposal.deposit_id)
    day_lock_check(township_id=deposit.township_id, date=deposit.date, field="deposit")
    if Deposit.objects.filter(reverses=deposit).exists():
        raise Conflict({"deposit": _("This voucher is already cancelled.")})
    reversal = Deposit.objects.create(
        township=deposit.township, date=deposit.date, amount=-deposit.amount,
        voucher_number=deposit.voucher_number, source=deposit.source, reverses=deposit, reason=proposal.reason,
        created_by=actor,
    )
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = "confirmed", actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    log_operation(actor=actor, action="deposit.reverse", obj=reversal, before=before,
                  after=snapshot(reversal, DEPOSIT_FIELDS), reason=proposal.reason, area=deposit.township)
    return reversal


@transaction.atomic
def deposit_reversal_reject(*, actor, proposal: DepositReversalProposal, reason: str) -> DepositReversalProposal:
    proposal = _decide(actor, proposal.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the cancellation is rejected.")})
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status, proposal.decided_by, proposal.decided_at = "rejected", actor, timezone.now()
    proposal.decision_note = reason
    proposal.save(update_fields=PROPOSAL_FIELDS)
    log_operation(actor=actor, action="deposit.reversal_reject", obj=proposal, before=before,
                  after=snapshot(proposal, PROPOSAL_FIELDS), reason=reason)
    return proposal


# --- Excel upload ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[Deposit] = field(default_factory=list)
    row_errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row number, message)

    @property
    def ok(self) -> bool:
        return not self.row_errors

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.created), Decimal("0.00"))


def read_workbook(fileobj) -> list[tuple[int, dict]]:
    """(Excel row number, {field: raw value}) for every non-empty row, through the kernel's guarded reader.
    Raises ValidationError with one Chinese message for a file that cannot be read at all."""
    rows = excel.read_workbook(fileobj, columns=[excel.Column(k, v) for k, v in COLUMNS.items()], limits=LIMITS)
    if not rows:
        raise ValidationError(_("The workbook has no data rows."))
    return [(number, dict(zip(COLUMNS, cells, strict=True))) for number, cells in rows]


LABELS = {"township": "乡镇代码", "date": "日期", "amount": "金额", "voucher_number": "凭证号"}


@transaction.atomic
def deposit_import(*, actor, rows: list[tuple[int, dict]]) -> ImportResult:
    """All or nothing: every row is checked first; if any row is wrong nothing is written and every wrong
    row is reported with its Excel row number; otherwise all rows are recorded in this one transaction."""
    require_post(actor, DEPOSIT_WRITERS)
    result = ImportResult()
    clean_rows, seen = [], {}
    for number, raw in rows:
        clean, errors = _validate(**raw)
        messages = [f"{LABELS.get(f, f)}：{m}" for f, ms in errors.items() for m in ms]
        voucher = clean.get("voucher_number")
        if voucher:
            if voucher in seen:
                messages.append(_("Voucher %(number)s appears twice in the file (also row %(row)s).")
                                % {"number": voucher, "row": seen[voucher]})
            else:
                seen[voucher] = number
        for message in messages:
            result.row_errors.append((number, message))
        if not messages:
            clean_rows.append((number, clean))
    taken = set(
        Deposit.objects.filter(voucher_number__in=list(seen), reverses__isnull=True).values_list(
            "voucher_number", flat=True
        )
    )
    locked = signed_off_days(pairs={(c["township"].pk, c["date"]) for _n, c in clean_rows})
    for number, clean in clean_rows:
        if clean["voucher_number"] in taken:
            result.row_errors.append((number, _voucher_taken_message(clean["voucher_number"])))
        if (clean["township"].pk, clean["date"]) in locked:
            result.row_errors.append((number, msg_day_signed_off(township_name=clean["township"].name,
                                                                 date=clean["date"])))
    if result.row_errors:
        result.row_errors.sort()
        return result
    try:
        with transaction.atomic():
            for _number, clean in clean_rows:
                deposit = Deposit.objects.create(source=DepositSource.EXCEL, created_by=actor, **clean)
                log_operation(actor=actor, action="deposit.record", obj=deposit,
                              after=snapshot(deposit, DEPOSIT_FIELDS), area=deposit.township)
                result.created.append(deposit)
    except IntegrityError:  # another upload took one of the numbers meanwhile: still nothing written
        result.created = []
        result.row_errors.append((0, _("Another upload recorded some of these vouchers at the same time; "
                                       "nothing was written. Upload the file again.")))
    return result
