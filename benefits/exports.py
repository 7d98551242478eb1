"""File responses shared by the pages and the API: the bank file in Excel or CSV."""

import io
import tempfile
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from . import bankfile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bank_file_response(payroll, fmt: str = "xlsx"):
    name = _("Pension bank file") + f"-{payroll.month:%Y-%m}-{payroll.batch}"
    return _response(name, payroll, fmt, bankfile.write_csv, bankfile.write_xlsx)


def payout_file_response(payout, fmt: str = "xlsx"):
    name = _("Settlement bank file") + f"-{payout.pk}"
    return _response(name, payout, fmt, bankfile.write_payout_csv, bankfile.write_payout_xlsx)


def _response(name, obj, fmt, write_csv, write_xlsx):
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(buf, obj)
        response = HttpResponse(buf.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.csv"
        return response
    tmp = tempfile.TemporaryFile()
    write_xlsx(tmp, obj)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX, as_attachment=True, filename=f"{name}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.xlsx"
    return response
