"""Audit files (spot-check attachments, a finding's completion evidence, key-data evidence) are recognised by their
content, never by their name (PDF, JPEG, PNG, .xlsx, .docx), at most 5 MB, and written to disk only when their
record commits: a refused or rolled-back write leaves no file (issue 14, as certification's evidence)."""

import datetime
import io
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from audit import services
from audit.models import AnswerAttachment, KeyDataChangeRequest

from .test_findings import sent  # noqa: F401 - the fixture
from .test_keydata import resident  # noqa: F401 - the fixture
from .test_plans import approved  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 audit file\n%%EOF"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def files_on_disk(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 30)).save(buf, "PNG")
    return buf.getvalue()


def xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["姓名", "问题"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def office(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx() -> bytes:
    return office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsm() -> bytes:  # a workbook with macros, renamed .xlsx
    return office({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                   "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})


@pytest.fixture
def sample(approved, auditor):  # noqa: F811
    approved(datetime.date(2026, 8, 5))
    return services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=5).samples.first()


@pytest.fixture
def rectifying(sent, officer):  # noqa: F811
    return services.finding_plan_rectification(actor=officer, finding=sent, plan="补录",
                                               deadline=timezone.localdate() + datetime.timedelta(days=9))


REFUSED = [
    ("setup.pdf", EXE),  # a program renamed .pdf
    ("scan.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("doc.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"),
    ("half.png", png()[:30]),
    ("macro.xlsx", xlsm()),
    ("archive.docx", office({"evil.exe": EXE})),
]


@pytest.mark.parametrize("name,content", REFUSED)
def test_a_spot_check_attachment_that_is_not_what_it_claims_is_refused_in_chinese(auditor, sample, settings, name,
                                                                                  content):
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=auditor, sample=sample, upload=SimpleUploadedFile(name, content))
    assert "无论其文件名" in " ".join(exc.value.message_dict["file"])
    assert not AnswerAttachment.objects.exists() and files_on_disk(settings) == []


def test_a_renamed_program_is_refused_as_a_findings_evidence_and_as_key_data_evidence(
        rectifying, officer, clerk_a, resident, settings):  # noqa: F811
    with pytest.raises(ValidationError) as exc:
        services.finding_submit_evidence(actor=officer, finding=rectifying,
                                         upload=SimpleUploadedFile("完成.pdf", EXE), note="已完成")
    assert "evidence" in exc.value.message_dict
    rectifying.refresh_from_db()
    assert rectifying.status == "rectifying" and not rectifying.evidence
    with pytest.raises(ValidationError) as exc:
        services.keydata_request(actor=clerk_a, resident_id=resident.pk, changes={"name": "王建华"}, reason="更正",
                                 evidence=SimpleUploadedFile("户口本.pdf", EXE))
    assert "无论其文件名" in " ".join(exc.value.message_dict["evidence"])
    assert not KeyDataChangeRequest.objects.exists() and files_on_disk(settings) == []


def test_a_file_over_five_megabytes_or_empty_is_refused(auditor, sample):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF")
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=auditor, sample=sample, upload=big)
    assert "5 MB" in " ".join(exc.value.message_dict["file"])
    with pytest.raises(ValidationError):
        services.attachment_add(actor=auditor, sample=sample, upload=SimpleUploadedFile("empty.pdf", b""))


@pytest.mark.parametrize("name,content,suffix", [
    ("存根.pdf", PDF, ".pdf"), ("照片.png", png(), ".png"), ("台账.xlsx", xlsx(), ".xlsx"),
    ("说明.docx", docx(), ".docx"), ("named-wrongly.txt", png(), ".png"),
])
def test_a_real_file_is_kept_under_its_real_type_once_the_record_commits(auditor, sample, settings, name, content,
                                                                       suffix, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        att = services.attachment_add(actor=auditor, sample=sample, upload=SimpleUploadedFile(name, content))
    assert files_on_disk(settings) == []  # not before the commit
    for callback in callbacks:
        callback()
    [path] = files_on_disk(settings)
    assert path.read_bytes() == content and path.suffix == suffix
    assert path.relative_to(Path(settings.MEDIA_ROOT)).as_posix() == att.file.name
    assert att.name == name


def test_an_attachment_of_a_write_rolled_back_later_leaves_no_file(auditor, sample, settings,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.attachment_add(actor=auditor, sample=sample, upload=SimpleUploadedFile("存根.pdf", PDF))
            raise RuntimeError("a later step failed")
    assert not AnswerAttachment.objects.exists() and files_on_disk(settings) == []


def test_key_data_evidence_of_a_refused_request_leaves_no_file(clerk_a, resident, settings,  # noqa: F811
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.keydata_request(actor=clerk_a, resident_id=resident.pk, changes={"name": resident.name},
                                 reason="无变化", evidence=SimpleUploadedFile("户口本.pdf", PDF))
    assert not KeyDataChangeRequest.objects.exists() and files_on_disk(settings) == []


def test_a_findings_evidence_downloads_under_the_name_it_was_uploaded_with(web, rectifying, officer,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.finding_submit_evidence(actor=officer, finding=rectifying,
                                         upload=SimpleUploadedFile("整改完成.PDF", PDF), note="已完成")
    r = web(officer).get(reverse("audit:finding_evidence", args=[rectifying.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert "整改完成.pdf" in unquote(r["Content-Disposition"])


def test_the_spot_check_page_refuses_a_renamed_program_in_chinese(web, auditor, sample, settings):
    url = reverse("audit:sample_form", args=[sample.plan_id, sample.pk])
    r = web(auditor).post(url, {"file": SimpleUploadedFile("setup.pdf", EXE)}, follow=True)
    assert "无论其文件名" in r.content.decode()
    assert not AnswerAttachment.objects.exists() and files_on_disk(settings) == []
