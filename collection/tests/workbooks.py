"""Contribution workbooks for the import tests: the template's header row and the given rows, uploaded and run."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from collection import services
from collection.models import ImportRun
from collection.services import imports


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(imports.headers())
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(content: bytes, name="缴费.xlsx"):
    return SimpleUploadedFile(name, content, content_type=imports.XLSX if hasattr(imports, "XLSX") else None)


def run_import(clerk, township, content: bytes) -> ImportRun:
    run = services.import_run_create(actor=clerk, township=township, upload=upload(content))
    return services.import_run_execute(run_id=run.pk)
