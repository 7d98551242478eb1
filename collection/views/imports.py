"""Excel: the template, the upload (all rows or none), the run's progress, the error workbook."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pension import outbox
from pension.excel import XLSX
from pension.forms import apply_service_errors
from pension.permissions import require_post

from .. import selectors, services
from ..forms import ImportForm
from ..services.contributions import ENTERERS
from ..services.imports import headers

# Files above this size are checked and saved by a Celery worker; the page shows a progress bar.
INLINE_MAX_BYTES = 256 * 1024


@login_required
def import_template(request):
    require_post(request.user, ENTERERS)
    import tempfile

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = _("Contributions")
    ws.append(headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [24, 12, 12, 14, 18, 16, 20]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w
    # ID numbers and receipt numbers as Text, so Excel never turns them into numbers.
    for col in ("A", "F"):
        for row in range(2, 5002):
            ws[f"{col}{row}"].number_format = "@"
    for row in range(2, 5002):
        ws[f"G{row}"].number_format = "yyyy-mm-dd"
    dv = DataValidation(type="list", formula1='"现金,银行代扣"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("E2:E5001")
    notes = wb.create_sheet(_("Instructions"))
    for line in [
        _("One row per payment. Keep the header row; do not add columns."),
        _("ID number: 18 characters, column formatted as Text (already done in this template)."),
        _("Year paid for: e.g. 2026; an earlier year is a back payment (no subsidy)."),
        _("Grade: one of the county's grades for that year, e.g. 300."),
        _("Channel: 现金 (cash, needs the receipt number) or 银行代扣 (bank withholding, no receipt)."),
        _("Paid on: the date of payment; empty means today."),
        _("If any row has an error, nothing is saved and you get a list of the rows with errors, each with its "
          "reason."),
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    tmp = tempfile.TemporaryFile()
    wb.save(tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=_("contribution-template") + ".xlsx", content_type=XLSX)


@login_required
def import_upload(request):
    require_post(request.user, ENTERERS)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.import_run_create(actor=request.user, township=form.cleaned_data["township"],
                                             upload=upload)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError):
                apply_service_errors(form, exc)
            else:
                raise
        else:
            if upload.size > INLINE_MAX_BYTES:
                # Through the outbox: with Redis down the run waits for the flush job instead of answering 500.
                with transaction.atomic():
                    run.outbox_message = outbox.enqueue("collection.import_contributions", run_id=run.pk)
                outbox.announce(request, run, _("The import is queued."))
            else:
                services.import_run_execute(run_id=run.pk)
            return redirect("collection:import_detail", pk=run.pk)
    return render(request, "collection/import_upload.html", {
        "form": form, "runs": selectors.import_run_list(user=request.user)[:20],
    })


@login_required
def import_detail(request, pk: int):
    require_post(request.user, ENTERERS)
    run = selectors.import_run_get(user=request.user, pk=pk)
    template = "collection/_import_progress.html" if request.htmx else "collection/import_detail.html"
    return render(request, template, {"run": run})


@login_required
def import_errors(request, pk: int):
    require_post(request.user, ENTERERS)
    run = selectors.import_run_get(user=request.user, pk=pk)
    if not run.error_file:
        raise Http404
    return FileResponse(run.error_file.open("rb"), as_attachment=True,
                        filename=_("errors") + f"-{run.pk}.xlsx", content_type=XLSX)


