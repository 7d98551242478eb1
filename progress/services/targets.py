"""Targets (imported from Excel, all or nothing), milestones and traffic-light thresholds."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pension import excel
from pension.errors import Conflict, violated_constraint
from pension.models import Area, AreaLevel
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post

from ..apps import MANAGERS
from ..models import Milestone, Target, TargetImport, Thresholds
from .compute import _check_year

LIMITS = excel.Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_columns=30, max_unpacked_bytes=50 * 1024 * 1024)
# Column order of the template; the header texts are translated (Chinese for the county's staff).
COLUMNS = (
    ("code", gettext_lazy("Area code")),
    ("name", gettext_lazy("Area name")),
    ("enrolment_target", gettext_lazy("Enrolment target (persons)")),
    ("paying_target", gettext_lazy("Collection target (persons paying)")),
    ("amount_target", gettext_lazy("Collection target (amount, yuan)")),
    ("eligible", gettext_lazy("Eligible population (survey)")),
)
NUMBER_FIELDS = ("enrolment_target", "paying_target", "amount_target", "eligible")


def _require_manager(actor) -> None:
    require_post(actor, MANAGERS, _("Only county business officers change targets, milestones and thresholds."))


def column_headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


_text = excel.cell_text


def _count(value, label: str, errors: list[str]) -> int | None:
    text = _text(value).replace(",", "").replace("，", "")
    if text == "":
        errors.append(_("%(column)s is empty.") % {"column": label})
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(_("%(column)s is not a number: %(value)s.") % {"column": label, "value": text})
        return None
    if number != number.to_integral_value() or number < 0:
        errors.append(_("%(column)s must be a whole number of persons, 0 or more.") % {"column": label})
        return None
    if number > 10_000_000:
        errors.append(_("%(column)s is too large.") % {"column": label})
        return None
    return int(number)


def _amount(value, label: str, errors: list[str]) -> Decimal | None:
    text = _text(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    if text == "":
        errors.append(_("%(column)s is empty.") % {"column": label})
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(_("%(column)s is not an amount: %(value)s.") % {"column": label, "value": text})
        return None
    if not number.is_finite() or number < 0 or number > Decimal("999999999999"):
        errors.append(_("%(column)s must be an amount of 0 yuan or more.") % {"column": label})
        return None
    if number != number.quantize(Decimal("0.01")):
        errors.append(_("%(column)s has more than two decimal places.") % {"column": label})
        return None
    return number.quantize(Decimal("0.01"))


def _column_names(label) -> list[str]:
    """The header texts that name a column: the template's (this language), Chinese and English."""
    names = [str(label)]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.append(str(label))
    return names


def read_rows(fileobj) -> list[tuple[int, list]]:
    """(Excel row number, the template's cells) for every non-empty row, through the kernel's guarded reader
    (zip bomb, size, rows, columns, the header row)."""
    columns = [excel.Column(key, _column_names(label) + (["区划代码"] if key == "code" else []))
               for key, label in COLUMNS]
    return excel.read_workbook(fileobj, columns=columns, limits=LIMITS)


def validate_rows(rows: list[tuple[int, list]]) -> tuple[list[dict], list[dict]]:
    """(clean rows, every row with its errors); rows without figures are skipped.
    Row numbers are Excel's (header = 1)."""
    areas = {
        a.code: a for a in Area.objects.filter(level__in=[AreaLevel.TOWNSHIP, AreaLevel.VILLAGE]).only(
            "id", "code", "name", "level", "township_id"
        )
    }
    labels = dict(COLUMNS)
    seen: dict[str, int] = {}
    clean, report = [], []
    for index, cells in rows:
        # The template lists every area; a row without any figure means "no target for this area".
        if all(_text(v) == "" for v in cells[2:]):
            continue
        errors: list[str] = []
        code = _text(cells[0])
        area = areas.get(code)
        if not code:
            errors.append(_("%(column)s is empty.") % {"column": labels["code"]})
        elif area is None:
            errors.append(_("No township or village of this county has the code %(code)s.") % {"code": code})
        elif code in seen:
            errors.append(_("The code %(code)s already appears in row %(row)d.") % {"code": code, "row": seen[code]})
        else:
            seen[code] = index
        values = {
            "enrolment_target": _count(cells[2], str(labels["enrolment_target"]), errors),
            "paying_target": _count(cells[3], str(labels["paying_target"]), errors),
            "amount_target": _amount(cells[4], str(labels["amount_target"]), errors),
            "eligible": _count(cells[5], str(labels["eligible"]), errors),
        }
        if values["eligible"] is not None:
            for key in ("enrolment_target", "paying_target"):
                if values[key] is not None and values[key] > values["eligible"]:
                    errors.append(
                        _("%(column)s (%(n)d) exceeds the eligible population (%(eligible)d).")
                        % {"column": labels[key], "n": values[key], "eligible": values["eligible"]}
                    )
        report.append({"row": index, "cells": [_text(v) for v in cells], "errors": errors})
        if not errors:
            clean.append({"row": index, "area": area, **values})
    return clean, report


@transaction.atomic
def target_import(*, actor, year: int, fileobj, filename: str) -> TargetImport:
    """Import a year's targets: every row is written, or (if any row is wrong) none is, and the import is
    recorded as rejected with the errors of each row for the error workbook."""
    _require_manager(actor)
    _check_year(year)
    rows = read_rows(fileobj)
    clean, report = validate_rows(rows)
    if not report:
        raise ValidationError({"file": _("The workbook has no target rows below the header.")})
    bad = [r for r in report if r["errors"]]
    batch = TargetImport.objects.create(
        year=year, filename=(filename or "")[:200], rows=len(report), created_by=actor,
        status=TargetImport.Status.REJECTED if bad else TargetImport.Status.ACCEPTED,
        imported=0 if bad else len(clean), error_rows=report if bad else [],
    )
    if not bad:
        area_ids = [r["area"].id for r in clean]
        superseded = Target.objects.filter(year=year, area_id__in=area_ids, current=True).update(current=False)
        Target.objects.bulk_create([
            Target(year=year, area=r["area"], township_id=r["area"].township_id, source=batch, created_by=actor,
                   enrolment_target=r["enrolment_target"], paying_target=r["paying_target"],
                   amount_target=r["amount_target"], eligible=r["eligible"])
            for r in clean
        ])
    else:
        superseded = 0
    log_operation(
        actor=actor, action="target.import", obj=batch,
        after={"year": year, "status": batch.status, "rows": batch.rows, "imported": batch.imported,
               "rows_with_errors": len(bad), "superseded": superseded, "file": batch.filename},
    )
    return batch


def template_rows(*, year: int):
    """Every township, then every village, with the year's current targets filled in where they exist."""
    current = {t.area_id: t for t in Target.objects.filter(year=year, current=True)}
    areas = Area.objects.filter(level__in=[AreaLevel.TOWNSHIP, AreaLevel.VILLAGE]).order_by("level", "code")
    townships = [a for a in areas if a.level == AreaLevel.TOWNSHIP]
    villages = [a for a in areas if a.level == AreaLevel.VILLAGE]
    for area in townships + villages:
        t = current.get(area.id)
        yield [area.code, area.name if area.level == AreaLevel.TOWNSHIP else f"  {area.name}",
               t.enrolment_target if t else None, t.paying_target if t else None,
               t.amount_target if t else None, t.eligible if t else None]


# ---------------------------------------------------------------- milestones and thresholds


@transaction.atomic
def milestone_set(*, actor, year: int, due_on: datetime.date, share: Decimal) -> Milestone:
    """Add a milestone, or replace the live one of the same day (the old row is retired, not deleted)."""
    _require_manager(actor)
    _check_year(year)
    errors = {}
    if due_on is None or due_on.year != year:
        errors["due_on"] = _("The milestone's date must fall in %(year)d.") % {"year": year}
    if share is None or not Decimal(0) < share <= Decimal(100):
        errors["share"] = _("The share must be more than 0% and at most 100%.")
    if errors:
        raise ValidationError(errors)
    live = list(Milestone.objects.select_for_update().filter(year=year, retired_at__isnull=True))
    if not live:
        # The defaults become real rows on the first change, so changing one keeps the other.
        from ..selectors import milestones_for

        live = [Milestone.objects.create(year=year, due_on=m.due_on, share=m.share, created_by=actor)
                for m in milestones_for(year=year)]
    others = [m for m in live if m.due_on != due_on]
    for m in others:
        if (m.due_on < due_on and m.share > share) or (m.due_on > due_on and m.share < share):
            raise ValidationError({"share": _("Shares must not fall as the dates advance: %(share)s%% is due by "
                                              "%(date)s.") % {"share": m.share, "date": m.due_on.isoformat()}})
    now = timezone.now()
    for m in live:
        if m.due_on == due_on:
            before = snapshot(m)
            m.retired_at, m.retired_by = now, actor
            m.save(update_fields=["retired_at", "retired_by"])
            log_operation(actor=actor, action="milestone.retire", obj=m, before=before, after=snapshot(m))
    try:
        with transaction.atomic():
            milestone = Milestone.objects.create(year=year, due_on=due_on, share=share, created_by=actor)
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_live_milestone_per_day":
            raise
        raise Conflict({"due_on": _("Another milestone was just saved for this day; reload the page.")})
    log_operation(actor=actor, action="milestone.set", obj=milestone, after=snapshot(milestone))
    return milestone


@transaction.atomic
def milestone_retire(*, actor, milestone: Milestone, reason: str = "") -> Milestone:
    _require_manager(actor)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.retired_at is not None:
        raise Conflict({"milestone": _("This milestone is already withdrawn.")})
    live = Milestone.objects.filter(year=milestone.year, retired_at__isnull=True).count()
    if live <= 1:
        raise ValidationError({"milestone": _("A year keeps at least one milestone; add another one first.")})
    before = snapshot(milestone)
    milestone.retired_at, milestone.retired_by = timezone.now(), actor
    milestone.save(update_fields=["retired_at", "retired_by"])
    log_operation(actor=actor, action="milestone.retire", obj=milestone, before=before, after=snapshot(milestone),
                  reason=reason)
    return milestone


@transaction.atomic
def thresholds_set(*, actor, year: int, behind_points: Decimal, far_behind_points: Decimal) -> Thresholds:
    _require_manager(actor)
    _check_year(year)
    errors = {}
    if behind_points is None or behind_points < 0 or behind_points > 100:
        errors["behind_points"] = _("Enter 0 to 100 percentage points.")
    if far_behind_points is None or far_behind_points > 100:
        errors["far_behind_points"] = _("Enter at most 100 percentage points.")
    elif behind_points is not None and far_behind_points <= behind_points:
        errors["far_behind_points"] = _("'Far behind' must start further below the expected share than 'behind'.")
    if errors:
        raise ValidationError(errors)
    row = Thresholds.objects.create(year=year, behind_points=behind_points, far_behind_points=far_behind_points,
                                    created_by=actor)
    log_operation(actor=actor, action="thresholds.set", obj=row, after=snapshot(row))
    return row
