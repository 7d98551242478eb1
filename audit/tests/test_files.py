"""Audit files (spot-check attachments, a finding's completion evidence, key-data evidence) go out only through
scoped views, as downloads that cannot run in our origin: nothing under MEDIA_ROOT has a URL of its own. A file is
written when its record commits (the tests run the commit's callbacks)."""

import pytest
from django.urls import reverse

from audit import services

from .test_findings import sent  # noqa: F401 - the fixture
from .test_keydata import request_, resident  # noqa: F401 - the fixtures
from .test_plans import approved  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 audit file\n%%EOF"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _safe(response):
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_spot_check_attachment_is_served_to_audit_readers_only(web, auditor, leader, officer, clerk_a,
                                                                 approved, upload,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    import datetime

    approved(datetime.date(2026, 8, 5))
    plan = services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=5)
    sample = plan.samples.first()
    with django_capture_on_commit_callbacks(execute=True):
        att = services.attachment_add(actor=auditor, sample=sample, upload=upload("存根.pdf", PDF))
    url = reverse("audit:attachment_file", args=[plan.pk, att.pk])
    page = web(auditor).get(reverse("audit:sample_form", args=[plan.pk, sample.pk])).content.decode()
    assert url in page and "/media/" not in page
    for user in (auditor, leader):
        r = web(user).get(url)
        assert r.status_code == 200 and _body(r) == PDF
        _safe(r)
    for user in (officer, clerk_a):
        assert web(user).get(url).status_code in (403, 404)
    assert web(auditor).get(reverse("audit:attachment_file", args=[plan.pk, 999999])).status_code == 404


def test_a_findings_evidence_is_served_to_its_section_and_the_auditors(web, sent, officer, auditor, finance,  # noqa: F811
                                                                        clerk_a, upload,
                                                                        django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    services.finding_plan_rectification(actor=officer, finding=sent, plan="补录",
                                        deadline=timezone.localdate() + datetime.timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        services.finding_submit_evidence(actor=officer, finding=sent, upload=upload("完成.pdf", PDF), note="已完成")
    url = reverse("audit:finding_evidence", args=[sent.pk])
    assert url in web(auditor).get(reverse("audit:finding_detail", args=[sent.pk])).content.decode()
    for user in (officer, auditor):
        r = web(user).get(url)
        assert r.status_code == 200 and _body(r) == PDF
        _safe(r)
    for user in (finance, clerk_a):
        assert web(user).get(url).status_code in (403, 404)


def test_key_data_evidence_is_served_in_the_requests_scope(web, request_, clerk_a, clerk_b, auditor,  # noqa: F811
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = request_()
    url = reverse("audit:keydata_evidence", args=[req.pk])
    assert url in web(clerk_a).get(reverse("audit:keydata_detail", args=[req.pk])).content.decode()
    for user in (clerk_a, auditor):
        r = web(user).get(url)
        assert r.status_code == 200
        _safe(r)
    assert web(clerk_b).get(url).status_code == 404
