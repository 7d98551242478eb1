"""The import run: record an upload (`import_run_create`), then check every row and write all or none
(`import_run_execute`, run inline for a small file or by the task `collection.import_contributions`)."""

import datetime
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import selectors as funds_selectors
from funds import services as funds_services
from pension import idnumber
from pension.errors import violated_constraint
from pension.excel import write_workbook
from pension.models import Area, AreaLevel
from pension.oplog import log_operation
from pension.permissions import require_post
from pension.runs import claim_run
from pension.scope import require_area_in_scope

from ...models import ImportRun, ImportStatus
from ...selectors import IMPORT_STALE_AFTER
from ..contributions import CONTRIBUTION_COLLISIONS, ENTERERS
from . import workbook
from .rows import RowValidator, error_text
from .workbook import COLUMNS, ImportRefused, cell_text, headers, read_rows, year_of
from .writer import write_contributions

PROGRESS_EVERY = 5000


@transaction.atomic
def import_run_create(*, actor, township: Area, upload) -> ImportRun:
    """Record an upload (checked for size and type here; rows are checked when the run executes)."""
    require_post(actor, ENTERERS, _("Only township clerks and county business officers take contributions."))
    if township is None or township.level != AreaLevel.TOWNSHIP:
        raise ValidationError({"township": _("Choose your township.")})
    require_area_in_scope(actor, township)
    name = getattr(upload, "name", "") or "upload.xlsx"
    if not name.lower().endswith(".xlsx"):
        raise ValidationError({"file": _("Upload the filled-in template as an .xlsx workbook.")})
    if upload.size > workbook.LIMITS.max_bytes:
        raise ValidationError({"file": _("The file is larger than 20 MB; split it into smaller files.")})
    run = ImportRun(township=township, uploaded_by=actor, filename=name[:200])
    run.file.save(f"contributions-{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
    run.save()
    log_operation(actor=actor, action="contribution_import.upload", obj=run,
                  after={"filename": run.filename, "size": upload.size}, area=township)
    return run


def _progress(run: ImportRun, **fields) -> None:
    for k, v in fields.items():
        setattr(run, k, v)
    ImportRun.objects.filter(pk=run.pk).update(**fields)


def _write_error_workbook(run: ImportRun, rows, row_numbers: list[int], errors: dict[int, str]) -> None:
    # Only the rows with errors, each with its row number in the clerk's file and the reason: the clerk
    # corrects those rows in the original workbook and uploads it again.
    def out():
        for i in sorted(errors):
            cells = list(rows[i])[:COLUMNS] + [""] * max(0, COLUMNS - len(rows[i]))
            cells = [cell_text(c) if not isinstance(c, datetime.date) else c for c in cells]
            yield [row_numbers[i], *cells, errors[i]]

    buf = io.BytesIO()
    write_workbook(buf, sheets=[(_("Errors"), [_("Row"), *headers(), _("Reason")], out())],
                   title_rows=[_("Nothing was saved: %(n)s row(s) have errors. Correct them in your file (the row "
                                 "numbers are those of your file) and upload the whole file again.")
                               % {"n": len(errors)}])
    run.error_file.save(f"errors-{run.pk}.xlsx", ContentFile(buf.getvalue()), save=False)
    ImportRun.objects.filter(pk=run.pk).update(error_file=run.error_file.name)


def _claim(run_id: int) -> bool:
    """Mark the run as running if it is waiting, or was interrupted; one UPDATE, so that of two workers
    handed the same run (a redelivered task) only one goes on."""
    now = timezone.now()
    waiting = Q(status=ImportStatus.PENDING) | Q(status=ImportStatus.RUNNING, started_at__lt=now - IMPORT_STALE_AFTER)
    return claim_run(ImportRun, run_id, waiting=waiting, status=ImportStatus.RUNNING, started_at=now,
                     processed_rows=0)


class _DaySignedOff(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _days_signed_off_meanwhile(township: Area, values) -> str:
    """Inside the write's transaction: hold the lock of every day the file pays on (shared, until it commits; the
    rows were checked before, outside it) and look again, so a day signed off meanwhile refuses the file and a
    sign-off cannot come before the commit. The refusal for the first such day, or ""."""
    days = sorted({planned.values[-1] for planned in {v.planned for v in values}})
    funds_services.day_hold(pairs=[(township.pk, day) for day in days])
    for day in days:
        message = funds_selectors.day_lock_message(township_id=township.pk, day=day)
        if message:
            return message
    return ""


def import_run_execute(*, run_id: int) -> ImportRun:
    """Check every row, then write all or nothing. Safe to call twice: a finished run, or one another
    worker is running, is left alone; an interrupted one (see IMPORT_STALE_AFTER) runs again from the start."""
    if not _claim(run_id):
        return ImportRun.objects.get(pk=run_id)
    run = ImportRun.objects.select_related("township", "uploaded_by").get(pk=run_id)
    actor = run.uploaded_by
    try:
        with run.file.open("rb") as fh:
            numbered = read_rows(fh)
    except ImportRefused as exc:
        _progress(run, status=ImportStatus.FAILED, message=str(exc), finished_at=timezone.now())
        return run
    row_numbers = [number for number, _cells in numbered]
    rows = [cells for _number, cells in numbered]
    del numbered
    _progress(run, total_rows=len(rows))
    if not rows:
        _progress(run, status=ImportStatus.FAILED, message=_("The workbook has no rows below the header."),
                  finished_at=timezone.now())
        return run
    # The ID number of every row first (a cell that is not one gives "", and its message comes with the
    # row's check), so that everything the rows need is loaded in one pass.
    today = timezone.localdate()
    numbers = []
    for cells in rows:
        try:
            numbers.append(idnumber.id_from_cell(cells[0] if cells else "", today=today))
        except ValidationError:
            numbers.append("")
    years = {y for cells in rows if len(cells) > 2 and isinstance(y := year_of(cells[2]), int)}
    validator = RowValidator(actor=actor, township=run.township)
    validator.load(numbers=numbers, years=years)
    values, errors = [], {}
    for start in range(0, len(rows), PROGRESS_EVERY):
        for offset, cells in enumerate(rows[start:start + PROGRESS_EVERY], start):
            try:
                values.append(validator.check(cells, numbers[offset]))
            except ValidationError as exc:
                errors[offset] = error_text(exc)
        _progress(run, processed_rows=min(len(rows), start + PROGRESS_EVERY))
    if errors:
        _write_error_workbook(run, rows, row_numbers, errors)
        _progress(run, status=ImportStatus.REJECTED, error_rows=len(errors), finished_at=timezone.now(),
                  message=_("Nothing was saved: %(n)s of %(total)s rows have errors. Download the error workbook, "
                            "correct those rows and upload the whole file again.")
                  % {"n": len(errors), "total": len(rows)})
        return run
    del rows  # the workbook's cells are not needed any more
    try:
        with transaction.atomic():
            closed = _days_signed_off_meanwhile(run.township, values)
            if closed:
                raise _DaySignedOff(closed)
            write_contributions(values, maker_id=actor.pk)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.COMMITTED, saved_rows=len(values), finished_at=timezone.now(),
                message=_("All %(n)s rows are saved and await county review.") % {"n": len(values)})
            log_operation(actor=actor, action="contribution.import", obj=run,
                          after={"rows": len(values), "filename": run.filename,
                                 "total": str(sum(v.planned.personal for v in values))},
                          area=run.township)
    except _DaySignedOff as exc:
        _progress(run, status=ImportStatus.FAILED, finished_at=timezone.now(),
                  message=_("Nothing was saved: %(reason)s Upload the file again to see which rows.")
                  % {"reason": exc.message})
    except IntegrityError as exc:
        if violated_constraint(exc) not in CONTRIBUTION_COLLISIONS:
            raise
        _progress(run, status=ImportStatus.FAILED, finished_at=timezone.now(),
                  message=_("Nothing was saved: while the file was checked, someone entered a contribution or used "
                            "a receipt number that the file also has. Upload the file again to see which rows."))
    run.refresh_from_db()
    return run
