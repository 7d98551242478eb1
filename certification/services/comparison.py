"""Data comparison (数据比对) imports: death records, medical-insurance use, civil-service and enterprise retiree
lists, read by the kernel's one Excel reader and matched by ID number against recipients. All or nothing: if any
row is wrong, nothing is written and the import keeps each bad row's errors for the error workbook.

A sign of life (medical-insurance use) inside a campaign's window certifies a person still due (mode data
comparison); a death or another pension opens a case that a county officer decides (services.matches)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from pension import idnumber
from pension.oplog import log_operation
from pension.permissions import require_post

from ..apps import COUNTY
from ..models import (
    Campaign,
    CampaignEntry,
    ComparisonImport,
    ComparisonKind,
    EntryStatus,
    MatchKind,
    Mode,
    Record,
    Result,
)
from .records import certification_record, match_case_open

DATE_HEADERS = {
    ComparisonKind.DEATHS: ("死亡日期", "death date", "date"),
    ComparisonKind.MEDICAL: ("就诊日期", "结算日期", "use date", "date"),
    ComparisonKind.RETIREES: ("退休金起始日期", "退休日期", "pension start", "date"),
}


def columns(kind: str) -> list:
    from pension.excel import Column

    return [Column("id_number", ("身份证号码", "公民身份号码", "ID number")), Column("name", ("姓名", "name")),
            Column("date", DATE_HEADERS[kind])]


def _date(value) -> datetime.date | None:
    from pension.excel import cell_text

    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _check_rows(rows, today) -> tuple[list[dict], list[dict]]:
    from pension.excel import cell_text

    good, bad = [], []
    for number, (raw_id, raw_name, raw_date) in rows:
        errors, id_text, name = [], cell_text(raw_id), cell_text(raw_name)
        try:
            id_text = idnumber.id_from_cell(raw_id, today=today)
        except ValidationError as exc:
            errors.append(_("ID number: %(e)s") % {"e": " ".join(exc.messages)})
        if not name:
            errors.append(_("Name: empty."))
        day = _date(raw_date)
        if day is None:
            errors.append(_("Date: not a real date (YYYY-MM-DD)."))
        elif day > today:
            errors.append(_("Date: in the future."))
        row = {"row": number, "id": idnumber.mask(id_text), "name": name[:50],
               "date": day.isoformat() if day else cell_text(raw_date)[:20]}
        if errors:
            bad.append({**row, "errors": errors})
        else:
            good.append({**row, "number": id_text, "day": day})
    return good, bad


@transaction.atomic
def comparison_import(*, actor, kind: str, upload, source_name: str = "") -> ComparisonImport:
    require_post(actor, COUNTY)
    if kind not in ComparisonKind.values:
        raise ValidationError({"kind": _("Choose what the list holds.")})
    if upload is None:
        raise ValidationError({"file": _("Choose the Excel file.")})
    from pension.excel import Limits, read_workbook

    rows = read_workbook(upload, columns=columns(kind), limits=Limits(max_bytes=20 * 1024 * 1024, max_rows=100_000))
    good, bad = _check_rows(rows, timezone.localdate())
    record = ComparisonImport(kind=kind, source_name=(source_name or "").strip()[:100],
                              filename=str(getattr(upload, "name", ""))[:200], rows=len(rows), created_by=actor)
    if bad:
        record.status, record.error_rows = ComparisonImport.Status.REJECTED, bad[:5000]
        record.save()
        log_operation(actor=actor, action="comparison.reject", obj=record,
                      after={"kind": kind, "rows": len(rows), "bad": len(bad)})
        return record
    record.status = ComparisonImport.Status.ACCEPTED
    record.save()
    recipients = _recipients(actor, {r["number"] for r in good})
    for row in good:
        recipient = recipients.get(row["number"])
        if recipient is None:
            continue
        record.matched += 1
        if kind == ComparisonKind.MEDICAL:
            record.certified += _sign_of_life(actor, recipient, row["day"])
        else:
            case = match_case_open(
                actor=actor, kind=MatchKind.DEATH if kind == ComparisonKind.DEATHS else MatchKind.OTHER_PENSION,
                recipient=recipient, event_date=row["day"], source_import=record,
                detail=f"{record.get_kind_display()} {record.source_name}".strip())
            record.cases += case is not None
    record.save(update_fields=["matched", "certified", "cases"])
    log_operation(actor=actor, action="comparison.import", obj=record,
                  after={"kind": kind, "rows": len(rows), "matched": record.matched, "certified": record.certified,
                         "cases": record.cases})
    return record


def _recipients(actor, numbers: set[str]) -> dict:
    out, numbers = {}, sorted(numbers)
    for i in range(0, len(numbers), 5000):
        qs = benefits_selectors.recipients_for(user=actor).filter(resident__id_number__in=numbers[i:i + 5000])
        out.update({r.resident.id_number: r for r in qs.exclude(status="stopped")})
    return out


def _sign_of_life(actor, recipient, day: datetime.date) -> int:
    """1 if the use certifies the recipient: inside a campaign's window and still due in it."""
    campaign = Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if campaign is None:
        return 0
    entry = CampaignEntry.objects.filter(campaign=campaign, resident_id=recipient.resident_id,
                                         status=EntryStatus.DUE).first()
    if entry is None:
        return 0
    certification_record(actor=actor, resident=recipient.resident, mode=Mode.DATA_COMPARISON, result=Result.ALIVE,
                         certified_on=day, source=Record.Source.COMPARISON,
                         note=_("Medical-insurance use on %(day)s") % {"day": day.isoformat()})
    return 1
