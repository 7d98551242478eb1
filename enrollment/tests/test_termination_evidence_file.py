"""The evidence of a termination as a file (issue 11 item 2: "ask for the date and evidence"): a scan or photo of the
death certificate (JPEG, PNG or PDF, recognised by content), required for a death and optional for the other
reasons; written under MEDIA_ROOT only when the request commits; served only to users whose area holds it."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from enrollment.models import TerminationRequest
from pension.models import OperationLog

from .terminating import DEATH_DAY, PDF_BYTES, ask, death_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def files_on_disk(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


HOSTILE = [
    ("证明.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),  # a renamed .exe
    ("证明.png", b"<html><script>alert(1)</script></html>"),
    ("证明.jpg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("证明.pdf", b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n"),
]


@pytest.mark.parametrize(("name", "data"), HOSTILE, ids=["exe", "html", "svg", "pdf-with-script"])
def test_a_file_that_is_not_a_photo_or_plain_pdf_is_refused_and_nothing_is_stored(
        clerk_a, enrolled, settings, name, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as excinfo:
        ask(clerk_a, enrolled, evidence_file=SimpleUploadedFile(name, data, content_type="application/pdf"))
    assert "evidence_file" in excinfo.value.message_dict
    assert not TerminationRequest.objects.exists() and files_on_disk(settings) == []


def test_a_death_needs_the_file_other_reasons_do_not(clerk_a, enrolled, settings):
    with pytest.raises(ValidationError) as excinfo:
        ask(clerk_a, enrolled, evidence_file=None)
    [message] = excinfo.value.message_dict["evidence_file"]
    assert "证明材料文件" in str(message) and "死亡" in str(message)
    req = ask(clerk_a, enrolled, reason="transfer_out", evidence="转出联系函 12")
    assert req.evidence_file == ""


def test_the_file_is_written_only_when_the_request_commits_and_logged(clerk_a, enrolled, settings,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        req = ask(clerk_a, enrolled)
    assert files_on_disk(settings) == []
    for callback in callbacks:
        callback()
    [path] = files_on_disk(settings)
    assert path.read_bytes() == PDF_BYTES
    assert path.relative_to(Path(settings.MEDIA_ROOT)).as_posix() == req.evidence_file
    assert req.evidence_file.startswith("enrollment/") and req.evidence_file_type == "application/pdf"
    log = OperationLog.objects.get(action="termination.request", object_id=str(req.pk))
    assert log.after["evidence_file_sha256"] == req.evidence_file_sha256 and len(req.evidence_file_sha256) == 64


def test_a_request_rolled_back_later_leaves_no_file(clerk_a, enrolled, settings,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            ask(clerk_a, enrolled)
            raise RuntimeError("a later step failed")
    assert files_on_disk(settings) == [] and not TerminationRequest.objects.exists()


def test_a_request_refused_for_another_field_leaves_no_file(clerk_a, enrolled, settings,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        ask(clerk_a, enrolled, terminated_on=None)
    assert files_on_disk(settings) == []


def test_the_page_takes_the_file_and_the_confirming_officer_opens_it(web, clerk_a, officer, clerk_b, enrolled,
                                                                    settings, django_capture_on_commit_callbacks):
    client = web(clerk_a)
    page = client.get(reverse("enrollment:resident_detail", args=[enrolled.pk])).content.decode()
    form = page.split('id="termination-form"')[0].rsplit("<form", 1)[1] + page.split('id="termination-form"')[1]
    assert 'enctype="multipart/form-data"' in form and 'name="term-evidence_file"' in form
    url = reverse("enrollment:termination_request", args=[enrolled.enrollments.get().pk])
    fields = {"term-reason": "death", "term-terminated_on": DEATH_DAY.isoformat(), "term-evidence": "死亡医学证明 1"}
    response = client.post(url, fields, follow=True)
    assert "终止原因为死亡时须上传证明材料文件" in response.content.decode() and not TerminationRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, fields | {"term-evidence_file": death_certificate()})
    req = TerminationRequest.objects.get()
    download = reverse("enrollment:termination_evidence_file", args=[req.pk])
    officer_client = web(officer)
    for page_name, args in (("enrollment:termination_queue", []), ("enrollment:resident_detail", [enrolled.pk])):
        assert download in officer_client.get(reverse(page_name, args=args)).content.decode()
    response = officer_client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    assert web(clerk_b).get(download).status_code == 404


def test_download_is_404_out_of_scope_and_without_a_file(web, clerk_a, clerk_b, enrolled):
    req = ask(clerk_a, enrolled)
    assert web(clerk_b).get(reverse("enrollment:termination_evidence_file", args=[req.pk])).status_code == 404
    # the row stands but the file was never written (no commit in this test): 404, not 500
    assert web(clerk_a).get(reverse("enrollment:termination_evidence_file", args=[req.pk])).status_code == 404


def test_api_takes_the_file_as_multipart_and_refuses_a_death_without_it(api, clerk_a, enrolled, settings,
                                                                       django_capture_on_commit_callbacks):
    body = {"enrollment": enrolled.enrollments.get().pk, "reason": "death", "terminated_on": "2026-10-02",
            "evidence": "死亡医学证明 123"}
    response = api(clerk_a).post("/api/v1/terminations/", body, format="multipart")
    assert response.status_code == 400 and "evidence_file" in response.json()["errors"]
    response = api(clerk_a).post("/api/v1/terminations/", body | {
        "evidence_file": SimpleUploadedFile("x.pdf", b"<html></html>")}, format="multipart")
    assert response.status_code == 400 and "evidence_file" in response.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api(clerk_a).post("/api/v1/terminations/", body | {"evidence_file": death_certificate()},
                                     format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["evidence_file_url"] == reverse("enrollment:termination_evidence_file", args=[data["id"]])
    assert "media" not in data["evidence_file_url"] and len(files_on_disk(settings)) == 1
