"""The audit API's scope and contract: auditors read across the county and write only audit records; the leader
reads and signs; other posts are refused or see only what is addressed to them; errors are Chinese JSON; the
OpenAPI schema builds and documents the endpoints the issue names."""

import re

import pytest

from audit import services
from audit.models import AuditPlan, Finding, RedFlag
from pension.models import OperationLog

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
LISTS = ("/api/v1/audit/plans/", "/api/v1/audit/findings/", "/api/v1/audit/flags/")


@pytest.fixture
def signed(auditor, head, leader, township_a, township_b):
    """Two findings sent to township clerks (A and B) and one to the county business section, all signed."""
    made = []
    for section, township in (("township", township_a), ("township", township_b), ("business", None)):
        f = services.finding_raise(actor=auditor, title=f"问题{len(made)}", description="抽查发现", section=section,
                                   township=township)
        services.finding_sign_head(actor=head, finding=f)
        made.append(services.finding_sign_leader(actor=leader, finding=f))
    return made


@pytest.fixture
def flag():
    from django.utils import timezone

    return RedFlag.objects.create(rule="missing_receipts", key="contribution#1", fingerprint="x" * 64,
                                  summary="现金缴费无票据号", links=[], last_seen=timezone.now())


def test_auditor_and_leader_read_every_list_across_the_county(api, auditor, leader, signed, flag):
    for user in (auditor, leader):
        for url in LISTS:
            r = api(user).get(url)
            assert r.status_code == 200, (user.username, url, r.content)
    findings = api(auditor).get("/api/v1/audit/findings/").json()["results"]
    assert {f["id"] for f in findings} == {f.pk for f in signed}
    assert api(auditor).get(f"/api/v1/audit/flags/{flag.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["clerk_a", "assistant_a", "officer", "finance"])
def test_other_posts_are_refused_plans_and_flags(request, api, persona, flag):
    user = request.getfixturevalue(persona)
    for url in ("/api/v1/audit/plans/", "/api/v1/audit/flags/", f"/api/v1/audit/flags/{flag.pk}/"):
        assert api(user).get(url).status_code == 403, (persona, url)
    r = api(user).post(f"/api/v1/audit/flags/{flag.pk}/dismiss/", {"reason": "x"}, format="json")
    assert r.status_code == 403
    flag.refresh_from_db()
    assert flag.status == "new"


def test_a_section_sees_only_the_findings_sent_to_it(api, clerk_a, clerk_b, officer, finance, signed):
    to_a, to_b, business = signed
    assert [f["id"] for f in api(clerk_a).get("/api/v1/audit/findings/").json()["results"]] == [to_a.pk]
    assert api(clerk_a).get(f"/api/v1/audit/findings/{to_b.pk}/").status_code == 404
    assert api(clerk_b).get(f"/api/v1/audit/findings/{to_a.pk}/").status_code == 404
    assert [f["id"] for f in api(officer).get("/api/v1/audit/findings/").json()["results"]] == [business.pk]
    assert api(finance).get("/api/v1/audit/findings/").json()["results"] == []


def test_the_leader_reads_but_makes_no_plan_and_dismisses_no_flag(api, leader, flag):
    before = OperationLog.objects.count()
    assert api(leader).post("/api/v1/audit/plans/", {"year": 2026, "quarter": 3}, format="json").status_code == 403
    assert api(leader).post(f"/api/v1/audit/flags/{flag.pk}/dismiss/", {"reason": "无"},
                            format="json").status_code == 403
    assert not AuditPlan.objects.exists() and OperationLog.objects.count() == before


def test_bad_input_answers_400_with_chinese_json_errors_and_writes_nothing(api, auditor, flag):
    r = api(auditor).post("/api/v1/audit/plans/", {"year": "abc", "quarter": 9}, format="json")
    assert r.status_code == 400
    body = r.json()
    assert "detail" in body and set(body["errors"]) >= {"year", "quarter"}
    assert CJK.search(str(body["errors"]))
    r = api(auditor).post(f"/api/v1/audit/flags/{flag.pk}/dismiss/", {"reason": ""}, format="json")
    assert r.status_code == 400 and CJK.search(str(r.json()))
    r = api(auditor).post("/api/v1/audit/findings/", {"title": "", "section": "nowhere"}, format="json")
    assert r.status_code == 400 and CJK.search(str(r.json()))
    assert not AuditPlan.objects.exists() and not Finding.objects.exists()


def test_a_guessed_id_answers_404(api, auditor):
    for url in ("/api/v1/audit/plans/999999/", "/api/v1/audit/findings/999999/", "/api/v1/audit/flags/999999/",
                "/api/v1/modification-requests/999999/", "/api/v1/audit/plans/abc/"):
        assert api(auditor).get(url).status_code == 404, url


def test_the_flag_list_shows_the_rule_text_and_the_records(api, auditor, flag):
    row = api(auditor).get("/api/v1/audit/flags/").json()["results"][0]
    assert row["id"] == flag.pk and row["summary"] == "现金缴费无票据号"


def test_openapi_schema_documents_the_audit_contract(api, auditor):
    r = api(auditor).get("/api/schema/?format=json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in ("/api/v1/audit/plans/", "/api/v1/audit/plans/{id}/items/", "/api/v1/audit/findings/",
                 "/api/v1/audit/findings/{id}/sign-head/", "/api/v1/audit/findings/{id}/sign-leader/",
                 "/api/v1/audit/flags/", "/api/v1/audit/flags/{id}/dismiss/", "/api/v1/audit/flags/{id}/to-finding/",
                 "/api/v1/modification-requests/"):
        assert path in paths, path
    assert "post" in paths["/api/v1/audit/plans/{id}/items/"] and "get" in paths["/api/v1/audit/plans/{id}/items/"]
