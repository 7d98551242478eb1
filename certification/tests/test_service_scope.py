"""Scope is the services' rule, not only the views': a service handed another township's resident, notice,
objection, record or township answers 404 (Http404) and writes nothing, whoever calls it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from certification import services
from certification.models import Evidence, Notice, Objection, PostingReport, Record
from certification.tests.test_notices import published  # noqa: F401 - the fixture
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def png():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return SimpleUploadedFile("p.png", buf.getvalue())


def test_clerk_b_recording_township_a_resident_gets_404_and_nothing_is_written(clerk_b, assistant_a, campaign,
                                                                               recipients):
    before = OperationLog.objects.count()
    with pytest.raises(Http404):
        services.certification_record(actor=clerk_b, resident=recipients[0].resident, mode="on_site",
                                      result="alive")
    # The village assistant of village A cannot reach township B's resident either.
    with pytest.raises(Http404):
        services.certification_record(actor=assistant_a, resident=recipients[3].resident, mode="on_site",
                                      result="alive")
    assert not Record.objects.exists() and OperationLog.objects.count() == before


def test_clerk_b_adding_evidence_to_township_a_record_gets_404(clerk_a, clerk_b, campaign, recipients):
    record = services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                           result="alive")
    with pytest.raises(Http404):
        services.evidence_attach(actor=clerk_b, record=record, upload=png())
    assert not Evidence.objects.exists()


def test_notice_services_answer_404_outside_the_actors_area(published, natural_a, clerk_a, clerk_b,  # noqa: F811
                                                            township_a, today):
    notice = Notice.objects.get(run=published, natural_village=natural_a)
    with pytest.raises(Http404):
        services.notice_mark_posted(actor=clerk_b, notice=notice, posted_on=today)
    with pytest.raises(Http404):
        services.objection_record(actor=clerk_b, notice=notice, raised_by="村民", content="不同意")
    objection = services.objection_record(actor=clerk_a, notice=notice, raised_by="村民", content="不同意")
    with pytest.raises(Http404):
        services.objection_resolve(actor=clerk_b, objection=objection, resolution="已核实")
    with pytest.raises(Http404):
        services.posting_report_submit(actor=clerk_b, run=published, township=township_a, scan=png())
    notice.refresh_from_db()
    objection.refresh_from_db()
    assert notice.posted_on is None and objection.resolved_at is None
    assert Objection.objects.count() == 1 and not PostingReport.objects.exists()
