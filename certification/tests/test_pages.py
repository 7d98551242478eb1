import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from certification import services
from certification.models import Campaign, CampaignEntry, Evidence, Record

pytestmark = pytest.mark.django_db


def png_bytes():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_assistant_records_by_id_number_posted_never_in_the_url(web, assistant_a, campaign, recipients):
    c = web(assistant_a)
    assert c.get(reverse("certification:entry")).status_code == 200
    r = c.post(reverse("certification:entry_save"), {"id_number": recipients[0].resident.id_number,
                                                      "result": "alive", "mode": "on_site"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "saved-message" in r.content.decode()
    assert recipients[0].resident.id_number not in r.content.decode()
    assert CampaignEntry.objects.get(resident=recipients[0].resident).status == "certified"
    assert c.get(reverse("certification:entry_save")).status_code == 405


def test_entry_with_a_bad_id_number_answers_a_chinese_message_and_writes_nothing(web, clerk_a, campaign):
    r = web(clerk_a).post(reverse("certification:entry_save"), {"id_number": "12345", "result": "alive",
                                                                "mode": "on_site"})
    assert r.status_code == 400
    assert "身份证" in r.content.decode()
    assert not Record.objects.exists()


def test_entry_of_another_townships_recipient_is_not_found(web, clerk_b, campaign, recipients):
    r = web(clerk_b).post(reverse("certification:entry_save"), {"id_number": recipients[0].resident.id_number,
                                                                "result": "alive", "mode": "on_site"})
    assert r.status_code == 400
    assert not Record.objects.exists()


@pytest.mark.parametrize("name,content", [
    ("photo.jpg", b"MZ\x90\x00 this is a program renamed to jpg" * 10),
    ("page.png", b"<html><script>alert(1)</script></html>"),
    ("scan.pdf", b"<!DOCTYPE html><html><body>hi</body></html>"),
    ("pic.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("pic.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("doc.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"),
    ("half.png", png_bytes()[:30]),
])
def test_upload_that_is_not_an_image_or_pdf_is_refused(web, clerk_a, campaign, recipients, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    r = web(clerk_a).post(reverse("certification:entry_save"), {
        "id_number": recipients[0].resident.id_number, "result": "alive", "mode": "on_site", "evidence": upload})
    assert r.status_code == 400
    assert "照片" in r.content.decode() or "PDF" in r.content.decode()
    assert not Record.objects.exists() and not Evidence.objects.exists()


def test_oversized_upload_is_refused(web, clerk_a, campaign, recipients, settings):
    settings.CERTIFICATION_EVIDENCE_MAX_BYTES = 100
    upload = SimpleUploadedFile("p.png", png_bytes() + b"\0" * 200, content_type="image/png")
    r = web(clerk_a).post(reverse("certification:entry_save"), {
        "id_number": recipients[0].resident.id_number, "result": "alive", "mode": "on_site", "evidence": upload})
    assert r.status_code == 400
    assert not Evidence.objects.exists()


def test_evidence_is_stored_outside_static_and_served_only_in_scope(web, clerk_a, clerk_b, officer, campaign,
                                                                    recipients, settings, client,
                                                                    django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("photo.exe", png_bytes(), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):  # the file is written when the record commits
        record = services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                               result="alive", files=[upload])
    evidence = record.evidence.get()
    assert evidence.content_type == "image/png" and "." not in evidence.path.rsplit("/", 1)[-1]
    assert str(settings.MEDIA_ROOT) not in str(settings.STATIC_ROOT)
    url = reverse("certification:evidence_file", args=[evidence.pk])
    r = web(clerk_a).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert b"".join(r.streaming_content) == png_bytes()
    assert "sandbox" in r["Content-Security-Policy"]
    client.logout()
    assert web(clerk_b).get(url).status_code == 404
    assert web(clerk_b).get(reverse("certification:record_detail", args=[record.pk])).status_code == 404


def test_roster_page_excel_and_print_show_done_and_not_done_in_scope(web, clerk_a, clerk_b, campaign, recipients,
                                                                      client):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    c = web(clerk_a)
    page = c.get(reverse("certification:roster")).content.decode()
    assert "张大山" in page and "李秀英" in page and "赵四" not in page
    assert recipients[0].resident.id_number not in page
    r = c.get(reverse("certification:roster_export"))
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(values) == 2 + 3
    flat = " ".join(str(v) for row in values for v in row)
    assert "已认证" in flat and "赵四" not in flat and recipients[0].resident.id_number not in flat
    printed = c.get(reverse("certification:roster_print")).content.decode()
    assert "@page" in printed and "张大山" in printed
    client.logout()
    r = web(clerk_b).get(reverse("certification:roster") + f"?village={recipients[0].village_id}")
    assert r.status_code == 404


def test_campaign_page_lets_the_county_open_and_extend(web, officer, recipients, today):
    c = web(officer)
    r = c.post(reverse("certification:campaign_list"), {"year": today.year + 1,
                                                         "starts_on": f"{today.year + 1}-05-01",
                                                         "ends_on": f"{today.year + 1}-06-30"})
    assert r.status_code == 302
    campaign = Campaign.objects.get(year=today.year + 1)
    r = c.post(reverse("certification:campaign_edit", args=[campaign.pk]),
               {"starts_on": f"{today.year + 1}-05-01", "ends_on": f"{today.year + 1}-07-15", "reason": "rain"})
    campaign.refresh_from_db()
    assert campaign.ends_on == datetime.date(today.year + 1, 7, 15)


def test_clerk_cannot_post_to_county_campaign_actions(web, clerk_a, campaign):
    c = web(clerk_a)
    assert c.post(reverse("certification:campaign_refresh", args=[campaign.pk])).status_code == 403
    assert c.post(reverse("certification:campaign_list"), {"year": 2030}).status_code == 403
