"""Evidence files follow their transaction: nothing is left on disk by a record, report or attachment that was
refused or rolled back; a committed one is on disk, whole, and served only in scope."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from certification import services
from certification.models import Evidence, Record
from certification.tests.test_pages import png_bytes
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def files_on_disk(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def png(name="photo.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def test_a_record_refused_for_its_second_file_leaves_no_file_behind(clerk_a, campaign, recipients, settings,
                                                                    django_capture_on_commit_callbacks):
    html = SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                      result="alive", files=[png(), html])
    assert not Record.objects.exists() and not Evidence.objects.exists()
    assert files_on_disk(settings) == []


def test_evidence_of_a_transaction_rolled_back_later_leaves_no_file(clerk_a, campaign, recipients, settings,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                          result="alive", files=[png()])
            raise RuntimeError("a later step failed")
    assert files_on_disk(settings) == []


def test_committed_evidence_is_on_disk_whole_once_the_record_commits(clerk_a, campaign, recipients, settings,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                               result="alive", files=[png()])
    assert files_on_disk(settings) == []  # not before the commit
    for callback in callbacks:
        callback()
    evidence = record.evidence.get()
    [path] = files_on_disk(settings)
    assert path.read_bytes() == png_bytes() and hashlib.sha256(path.read_bytes()).hexdigest() == evidence.sha256
    assert path.relative_to(Path(settings.MEDIA_ROOT)).as_posix() == evidence.path


def test_evidence_added_to_a_record_later_is_logged_and_stored_after_commit(web, clerk_a, clerk_b, campaign,
                                                                           recipients, settings,
                                                                           django_capture_on_commit_callbacks):
    record = services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                           result="alive")
    url = reverse("certification:record_evidence_add", args=[record.pk])
    assert web(clerk_b).post(url, {"evidence": png()}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        web(clerk_a).post(url, {"evidence": png()})
    evidence = Evidence.objects.get(record=record)
    assert OperationLog.objects.filter(action="evidence.add", object_id=str(evidence.pk)).exists()
    assert len(files_on_disk(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        web(clerk_a).post(url, {"evidence": SimpleUploadedFile("x.png", b"<svg onload='alert(1)'/>")})
    assert Evidence.objects.count() == 1 and len(files_on_disk(settings)) == 1
