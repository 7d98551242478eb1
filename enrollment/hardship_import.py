"""The county's import of the civil-affairs (低保, 特困) and disability-federation (重度残疾) lists (issue 10 item 6).

A county business officer uploads the list (ID number, name, category) through the kernel's one reader. Every row
is checked first; one bad row (its Chinese message names the row) rejects the whole file and nothing but the
import's own record is written (the bad rows come back as an error workbook). An accepted list changes no
category by itself: each resident whose category on record differs from the list's becomes a hardship change
request (source: import) with the uploader as the requester, so a second county officer confirms each one.
Residents not registered in the county, or recorded as deceased, are reported, not guessed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension import idnumber
from pension.oplog import log_operation
from pension.permissions import COUNTY_BUSINESS, require_post
from pension.scope import scope_queryset

from .hardship_changes import create_request
from .models import Hardship, HardshipChange, HardshipChangeStatus, HardshipImport, HardshipSource, ListSource, Resident

TEMPLATE_HEADERS = ("身份证号码", "姓名", "困难类别")
# What each list may name (the disability federation certifies disability; civil affairs the rest).
SOURCE_CATEGORIES = {
    ListSource.CIVIL_AFFAIRS: (Hardship.DIBAO, Hardship.TEKUN, Hardship.POVERTY_MONITORED, Hardship.OTHER),
    ListSource.DISABILITY_FEDERATION: (Hardship.SEVERE_DISABILITY,),
}
# The words the lists use for each category (and the codes, and the system's own labels).
CATEGORY_WORDS = {
    Hardship.SEVERE_DISABILITY: ("重度残疾", "重度残疾人", "一级残疾", "二级残疾"),
    Hardship.DIBAO: ("低保", "低保对象", "低保户", "最低生活保障", "最低生活保障对象"),
    Hardship.TEKUN: ("特困", "特困人员", "特困供养", "特困供养人员", "五保", "五保户"),
    Hardship.POVERTY_MONITORED: ("防返贫监测", "防返贫监测对象", "监测对象", "防止返贫监测对象"),
    Hardship.OTHER: ("其他", "其他困难群体", "其他困难"),
}
WORDS = {w: code for code, words in CATEGORY_WORDS.items() for w in (*words, code)}
CHUNK = 5000


def columns() -> list:
    from pension.excel import Column

    return [Column("id_number", ("身份证号码", "公民身份号码", "身份证号", "ID number")),
            Column("name", ("姓名", "name")), Column("category", ("困难类别", "类别", "人员类别", "category"))]


def _check_rows(rows, *, source: str, today) -> tuple[list[dict], list[dict]]:
    from pension.excel import cell_text

    allowed, good, bad, seen = SOURCE_CATEGORIES[source], [], [], {}
    for number, (raw_id, raw_name, raw_category) in rows:
        errors, id_text = [], cell_text(raw_id)
        name, category_text = "".join(cell_text(raw_name).split()), "".join(cell_text(raw_category).split())
        try:
            id_text = idnumber.id_from_cell(raw_id, today=today)
        except ValidationError as exc:
            errors.append(_("ID number: %(e)s") % {"e": " ".join(exc.messages)})
        else:
            if id_text in seen:
                errors.append(_("ID number: the same person is on row %(row)s too.") % {"row": seen[id_text]})
            seen.setdefault(id_text, number)
        if not name:
            errors.append(_("Name: empty."))
        category = WORDS.get(category_text) or WORDS.get(category_text.lower())
        if category is None:
            errors.append(_("Category: %(value)s is not a hardship category (e.g. 低保, 特困, 重度残疾).")
                          % {"value": category_text or "—"})
        elif category not in allowed:
            errors.append(_("Category: %(value)s is not on a %(list)s.")
                          % {"value": category_text, "list": ListSource(source).label})
        row = {"row": number, "id": idnumber.mask(id_text), "name": name[:50], "category": category_text[:20]}
        if errors:
            bad.append({**row, "errors": errors})
        else:
            good.append({**row, "number": id_text, "code": category})
    return good, bad


@transaction.atomic
def hardship_list_import(*, actor, source: str, upload) -> HardshipImport:
    """Read, check every row, and turn each difference into a request awaiting another officer's confirmation."""
    require_post(actor, COUNTY_BUSINESS, _("Only county business officers import the hardship lists."))
    if source not in ListSource.values:
        raise ValidationError({"source": _("Choose which list this is.")})
    if upload is None:
        raise ValidationError({"file": _("Choose the Excel file.")})
    from pension.excel import Limits, read_upload

    rows = read_upload(upload, columns=columns(), limits=Limits(max_bytes=20 * 1024 * 1024, max_rows=100_000))
    good, bad = _check_rows(rows, source=source, today=timezone.localdate())
    record = HardshipImport(source=source, filename=str(getattr(upload, "name", ""))[:200], rows=len(rows),
                            created_by=actor)
    if bad:
        record.status, record.error_rows = HardshipImport.Status.REJECTED, bad[:5000]
        record.save()
        log_operation(actor=actor, action="hardship_import.reject", obj=record,
                      after={"source": source, "rows": len(rows), "bad": len(bad)})
        return record
    record.status = HardshipImport.Status.ACCEPTED
    record.save()
    _apply(actor, record, good)
    record.save(update_fields=["requested", "unchanged", "waiting", "unknown", "unknown_rows"])
    log_operation(actor=actor, action="hardship_import.import", obj=record,
                  after={"source": source, "rows": len(rows), "requested": record.requested,
                         "unchanged": record.unchanged, "waiting": record.waiting, "unknown": record.unknown})
    return record


def _apply(actor, record: HardshipImport, good: list[dict]) -> None:
    label = ListSource(record.source).label
    for i in range(0, len(good), CHUNK):
        chunk = good[i:i + CHUNK]
        residents = {r.id_number: r for r in scope_queryset(actor, Resident.objects.filter(
            id_number__in=[row["number"] for row in chunk])).select_related("village").order_by("id")
            .select_for_update(of=("self",))}
        waiting = set(HardshipChange.objects.filter(
            resident__in=list(residents.values()), status=HardshipChangeStatus.REQUESTED)
            .values_list("resident_id", flat=True))
        for row in chunk:
            resident = residents.get(row["number"])
            if resident is None or resident.death_date:
                record.unknown += 1
                record.unknown_rows.append({
                    "row": row["row"], "id": row["id"], "name": row["name"],
                    "note": _("Recorded as deceased.") if resident else _("Not registered in the county.")})
            elif resident.hardship == row["code"]:
                record.unchanged += 1
            elif resident.pk in waiting:
                record.waiting += 1
            else:
                create_request(
                    actor=actor, resident=resident, to_category=row["code"], source=HardshipSource.IMPORT,
                    source_import=record,
                    reason=_("%(list)s names %(name)s as %(category)s") % {
                        "list": label, "name": row["name"], "category": Hardship(row["code"]).label},
                    evidence=_("%(list)s, file %(file)s, row %(row)s") % {
                        "list": label, "file": record.filename or "—", "row": row["row"]})
                record.requested += 1
    record.unknown_rows = record.unknown_rows[:5000]
