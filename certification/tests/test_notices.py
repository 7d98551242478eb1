import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from certification import services, tasks
from certification.models import CertificationRun, MatchCase, Notice, NoticeParameter, PostingReport
from pension.errors import Conflict

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def published(clerk_a, officer, officer2, campaign, recipients, make_recipient, village_a, natural_a, today,
              id_numbers, django_capture_on_commit_callbacks):
    """Two certified, one newly started pension and one stopped for death, all in natural village A; one
    certified in natural village B."""
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    services.certification_record(actor=clerk_a, resident=recipients[1].resident, mode="home_visit",
                                  result="alive")
    services.certification_record(actor=officer, resident=recipients[3].resident, mode="other_place",
                                  result="alive")
    start = today.replace(day=1)
    make_recipient(village_a, natural_village=natural_a, name="孙新来", birth=datetime.date(1966, 1, 2),
                   id_number=id_numbers(datetime.date(1966, 1, 2)), start_month=start, phone="13800001111",
                   bank_account="6228480099999999999")
    services.certification_record(actor=clerk_a, resident=recipients[2].resident, mode="home_visit",
                                  result="deceased", death_date=today - datetime.timedelta(days=2))
    services.match_decide(actor=officer2, case=MatchCase.objects.get(), decision="stop")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.notices_request(actor=officer)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    return run


def _notice_a(run, natural_a):
    return Notice.objects.get(run=run, natural_village=natural_a)


def test_notice_lists_certified_started_and_stopped_with_why(published, natural_a, natural_b):
    notice = _notice_a(published, natural_a)
    assert (notice.certified_count, notice.started_count, notice.stopped_count) == (2, 1, 1)
    stopped = [r for r in notice.rows if r["section"] == "stopped"][0]
    assert stopped["name"] == "王老五" and stopped["detail"] == "死亡"
    assert Notice.objects.get(run=published, natural_village=natural_b).certified_count == 1
    assert notice.window_ends_on == notice.published_on + datetime.timedelta(days=7)


def _assert_clean(text, recipients):
    assert not FULL_ID.search(text), FULL_ID.search(text)
    assert not PHONE.search(text)
    assert "6228480" not in text
    for r in recipients:
        assert r.resident.birth_date.strftime("%Y%m%d") not in text
        assert r.resident.birth_date.isoformat() not in text


def test_no_full_id_bank_account_phone_or_birth_date_in_any_form_of_a_notice(web, api, clerk_a, published,
                                                                            natural_a, recipients):
    notice = _notice_a(published, natural_a)
    c = web(clerk_a)
    for url in (reverse("certification:notice_detail", args=[notice.pk]),
                reverse("certification:notice_print", args=[notice.pk]),
                reverse("certification:run_print", args=[published.pk]),
                reverse("certification:notice_list") + f"?run={published.pk}"):
        r = c.get(url)
        assert r.status_code == 200
        _assert_clean(r.content.decode(), recipients)
    assert "140431" in c.get(reverse("certification:notice_detail", args=[notice.pk])).content.decode()
    r = c.get(reverse("certification:notice_export", args=[notice.pk]))
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    _assert_clean(" ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None), recipients)
    r = api(clerk_a).get(f"/api/v1/notices/{notice.pk}/")
    assert r.status_code == 200 and len(r.json()["rows"]) == 4
    _assert_clean(r.content.decode(), recipients)
    r = api(clerk_a).get(f"/api/v1/notices/?natural_village={natural_a.pk}")
    assert r.json()["count"] == 1
    _assert_clean(r.content.decode(), recipients)


def test_notices_are_scoped_on_page_print_excel_and_api(web, api, clerk_b, published, natural_a, client):
    notice = _notice_a(published, natural_a)
    c = web(clerk_b)
    for name in ("notice_detail", "notice_print", "notice_export"):
        assert c.get(reverse(f"certification:{name}", args=[notice.pk])).status_code == 404
    assert "张大山" not in c.get(reverse("certification:run_print", args=[published.pk])).content.decode()
    assert Notice.objects.filter(run=published).count() == 2
    assert api(clerk_b).get(f"/api/v1/notices/{notice.pk}/").status_code == 404
    assert api(clerk_b).get(f"/api/v1/notices/?natural_village={natural_a.pk}").status_code == 404
    assert api(clerk_b).get("/api/v1/notices/").json()["count"] == 1


def test_objection_within_the_window_and_not_after(assistant_a, clerk_a, published, natural_a, recipients, today):
    notice = _notice_a(published, natural_a)
    objection = services.objection_record(actor=assistant_a, notice=notice, raised_by="村民刘某",
                                          content="王老五上月还见过", about_resident_id=recipients[2].resident_id)
    services.objection_resolve(actor=clerk_a, objection=objection, resolution="核实：死亡证明属实")
    with pytest.raises(Conflict):
        services.objection_resolve(actor=clerk_a, objection=objection, resolution="again")
    Notice.objects.filter(pk=notice.pk).update(window_ends_on=today - datetime.timedelta(days=1))
    notice.refresh_from_db()
    with pytest.raises(Exception) as err:
        services.objection_record(actor=assistant_a, notice=notice, raised_by="x", content="late")
    assert "notice" in err.value.message_dict


def test_publication_window_is_a_dated_parameter(officer, campaign, recipients, clerk_a, today,
                                                 django_capture_on_commit_callbacks):
    NoticeParameter.objects.create(valid_from=today - datetime.timedelta(days=1), window_days=10)
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.notices_request(actor=officer)
    notice = Notice.objects.get(run=run)
    assert notice.window_ends_on == today + datetime.timedelta(days=10)


def test_beat_job_publishes_once_for_the_period_since_the_last_run(officer, campaign, recipients, clerk_a, today,
                                                                   django_capture_on_commit_callbacks):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.publish_notices_scheduled()
    run = CertificationRun.objects.get(kind="notices")
    assert run.trigger == "schedule" and run.status == "succeeded" and run.count == 1
    with django_capture_on_commit_callbacks(execute=True):
        tasks.publish_notices_scheduled()
    assert CertificationRun.objects.filter(kind="notices").count() == 1


def test_township_posts_reports_with_a_stamped_scan_and_audit_marks_it_received(
        web, clerk_a, auditor, published, natural_a, township_a, today, client, django_capture_on_commit_callbacks):
    notice = _notice_a(published, natural_a)
    c = web(clerk_a)
    page = c.get(reverse("certification:posting", args=[published.pk])).content.decode()
    assert natural_a.name in page  # not posted yet: listed
    c.post(reverse("certification:notice_posted", args=[notice.pk]), {"posted_on": today.isoformat()})
    notice.refresh_from_db()
    assert notice.posted_on == today
    page = c.get(reverse("certification:posting", args=[published.pk])).content.decode()
    assert f'href="/certification/notices/{notice.pk}/"' not in page
    html = SimpleUploadedFile("scan.pdf", b"<html>not a scan</html>")
    c.post(reverse("certification:posting", args=[published.pk]), {"township": township_a.pk, "scan": html})
    assert not PostingReport.objects.exists()
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (255, 0, 0)).save(buf, "JPEG")
    with django_capture_on_commit_callbacks(execute=True):  # the scan is written when the report commits
        c.post(reverse("certification:posting", args=[published.pk]),
               {"township": township_a.pk, "scan": SimpleUploadedFile("scan.jpg", buf.getvalue()), "note": "已张贴"})
    report = PostingReport.objects.get()
    assert report.township == township_a
    client.logout()
    a = web(auditor)
    assert a.get(reverse("certification:posting_scan", args=[report.pk])).status_code == 200
    a.post(reverse("certification:posting_receive", args=[report.pk]))
    report.refresh_from_db()
    assert report.received_by == auditor


def test_clerk_of_township_b_cannot_report_for_township_a(web, clerk_b, published, township_a):
    buf = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buf, "PNG")
    r = web(clerk_b).post(reverse("certification:posting", args=[published.pk]),
                          {"township": township_a.pk, "scan": SimpleUploadedFile("s.png", buf.getvalue())})
    assert r.status_code == 404
    assert not PostingReport.objects.exists()


def test_only_the_audit_unit_marks_a_report_received(clerk_a, officer, published, township_a):
    buf = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buf, "PNG")
    report = services.posting_report_submit(actor=clerk_a, run=published, township=township_a,
                                            scan=SimpleUploadedFile("s.png", buf.getvalue()))
    with pytest.raises(Exception):
        services.posting_report_receive(actor=officer, report=report)
