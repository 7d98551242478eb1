import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from certification import services
from certification.models import MatchCase, Record

pytestmark = pytest.mark.django_db
RECORDS = "/api/v1/certification/records/"


def token_client(user):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return c


def test_partner_posts_a_record_with_token_and_a_replay_records_nothing(clerk_a, campaign, recipients):
    c = token_client(clerk_a)
    body = {"id_number": recipients[0].resident.id_number, "mode": "self_service", "result": "alive"}
    first = c.post(RECORDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    assert first.json()["id_number"].count("*") == 8
    again = c.post(RECORDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Record.objects.count() == 1
    other = c.post(RECORDS, {**body, "mode": "on_site"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422
    assert Record.objects.count() == 1


def test_record_without_idempotency_key_is_400_and_writes_nothing(clerk_a, campaign, recipients):
    r = token_client(clerk_a).post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "on_site",
                                             "result": "alive"}, format="json")
    assert r.status_code == 400 and "Idempotency-Key" in r.json()["errors"]
    assert not Record.objects.exists()


def test_failed_record_leaves_the_key_free(clerk_a, campaign, recipients):
    c = token_client(clerk_a)
    bad = c.post(RECORDS, {"id_number": "110101199001011234", "mode": "on_site", "result": "alive"}, format="json",
                 HTTP_IDEMPOTENCY_KEY="k-2")
    assert bad.status_code == 400 and "id_number" in bad.json()["errors"]
    good = c.post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "on_site", "result": "alive"},
                  format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert good.status_code == 201


def test_api_answers_400_with_field_names_for_garbage(clerk_a, campaign, recipients):
    c = token_client(clerk_a)
    r = c.post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "x", "result": "alive",
                         "certified_on": "2026-02-30"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert r.status_code == 400 and {"mode", "certified_on"} <= set(r.json()["errors"])


def test_api_refuses_an_html_upload_named_jpg(clerk_a, campaign, recipients):
    c = token_client(clerk_a)
    upload = SimpleUploadedFile("a.jpg", b"<html><script>x</script></html>", content_type="image/jpeg")
    r = c.post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "on_site", "result": "alive",
                         "evidence": [upload]}, format="multipart", HTTP_IDEMPOTENCY_KEY="k-4")
    assert r.status_code == 400 and "evidence" in r.json()["errors"]
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "JPEG")
    upload = SimpleUploadedFile("a.jpg", buf.getvalue(), content_type="image/jpeg")
    r = c.post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "on_site", "result": "alive",
                         "evidence": [upload]}, format="multipart", HTTP_IDEMPOTENCY_KEY="k-5")
    assert r.status_code == 201 and r.json()["evidence"][0]["content_type"] == "image/jpeg"
    # A retry with the same photo replays the answer; the same key with another photo is another request.
    fields = {"id_number": recipients[0].resident.id_number, "mode": "on_site", "result": "alive"}
    again = c.post(RECORDS, {**fields, "evidence": [SimpleUploadedFile("a.jpg", buf.getvalue(), "image/jpeg")]},
                   format="multipart", HTTP_IDEMPOTENCY_KEY="k-5")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true" and again.json() == r.json()
    Image.new("RGB", (8, 8)).save(other := io.BytesIO(), "JPEG")
    other_photo = c.post(RECORDS, {**fields, "evidence": [SimpleUploadedFile("a.jpg", other.getvalue(), "image/jpeg")]},
                         format="multipart", HTTP_IDEMPOTENCY_KEY="k-5")
    assert other_photo.status_code == 422 and "Idempotency-Key" in other_photo.json()["errors"]


def test_record_api_is_scoped(api, clerk_a, clerk_b, campaign, recipients):
    record = services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site",
                                           result="alive")
    assert api(clerk_b).get(f"{RECORDS}{record.pk}/").status_code == 404
    assert api(clerk_b).get(RECORDS).json()["count"] == 0
    assert api(clerk_a).get(RECORDS).json()["count"] == 1
    r = api(clerk_b).post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "on_site",
                                    "result": "alive"}, format="json", HTTP_IDEMPOTENCY_KEY="k-6")
    assert r.status_code == 404


def test_county_decides_a_match_by_api_and_the_raiser_cannot(api, clerk_a, officer, campaign, recipients, today):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="home_visit",
                                  result="deceased", death_date=today - datetime.timedelta(days=3))
    case = MatchCase.objects.get()
    assert api(clerk_a).post(f"/api/v1/certification/matches/{case.pk}/decide/",
                             {"decision": "stop"}, format="json").status_code == 403
    r = api(officer).post(f"/api/v1/certification/matches/{case.pk}/decide/", {"decision": "stop"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "stopped"


def test_campaign_api(api, officer, clerk_a, recipients):
    r = api(officer).post("/api/v1/certification/campaigns/", {"year": 2027, "starts_on": "2027-05-01",
                                                                 "ends_on": "2027-06-30"}, format="json")
    assert r.status_code == 201
    assert api(clerk_a).get("/api/v1/certification/campaigns/").json()["count"] == 1
    assert api(clerk_a).post("/api/v1/certification/campaigns/", {"year": 2028}, format="json").status_code == 403


# Token and user (authentication), the key looked up and claimed, the recipient with the resident (one scoped
# query), the roster entry locked, the record, the log line, the entry's update, the answer's evidence list and
# the key's stored answer. The test runs inside a transaction, so each of the three atomic blocks (the key, its
# claim, the service) adds a SAVEPOINT and its RELEASE.
MAX_CREATE_QUERIES = 10 + 6


def test_creating_a_record_by_api_looks_the_recipient_up_once(clerk_a, campaign, recipients,
                                                              django_assert_max_num_queries):
    c = token_client(clerk_a)
    body = {"id_number": recipients[0].resident.id_number, "mode": "on_site", "result": "alive"}
    with django_assert_max_num_queries(MAX_CREATE_QUERIES) as ctx:
        r = c.post(RECORDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-q")
    assert r.status_code == 201, r.content
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "enrollment_resident"' in s for s in sql) <= 1, "the resident comes with the recipient"
    assert sum('FROM "benefits_recipient"' in s for s in sql) == 1
    assert sum('FROM "certification_record"' in s for s in sql) == 0, "the answer is the record just written"
    assert r.json()["resident_name"] == "张大山" and r.json()["campaign_year"] == campaign.year
    # The answer is the record as a later read shows it.
    assert c.get(f"{RECORDS}{r.json()['id']}/").json() == r.json()
    # The replay answers from the key alone (authentication, the key and its savepoint).
    with django_assert_max_num_queries(4):
        again = c.post(RECORDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-q")
    assert again.json() == r.json()


def test_api_answers_404_in_the_json_error_format_for_an_unknown_or_out_of_scope_id_number(
        clerk_a, clerk_b, campaign, recipients, id_numbers):
    unknown = id_numbers(datetime.date(1951, 7, 7))
    a, b = token_client(clerk_a), token_client(clerk_b)
    for c, number, key in [(a, unknown, "k-u"), (b, recipients[0].resident.id_number, "k-o")]:
        r = c.post(RECORDS, {"id_number": number, "mode": "on_site", "result": "alive"},
                                    format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert r.status_code == 404 and set(r.json()) >= {"detail"}, r.content
        assert number not in r.content.decode()
    assert not Record.objects.exists()
    # A key whose request was refused stays free.
    r = a.post(RECORDS, {"id_number": recipients[0].resident.id_number, "mode": "on_site", "result": "alive"},
               format="json", HTTP_IDEMPOTENCY_KEY="k-u")
    assert r.status_code == 201


def test_api_refuses_an_in_scope_resident_without_a_pension_with_400(clerk_a, campaign, recipients, make_resident,
                                                                       village_a):
    resident = make_resident(village_a)
    r = token_client(clerk_a).post(RECORDS, {"id_number": resident.id_number, "mode": "on_site",
                                             "result": "alive"}, format="json", HTTP_IDEMPOTENCY_KEY="k-n")
    assert r.status_code == 400 and "id_number" in r.json()["errors"], r.content
