"""The yearly risk self-assessment: the stages in order with their deadlines (team by 30 June, section
self-checks by 31 July, the team's spot check by 31 August with the report by 30 August, the city's check
1 September – 20 October), each section filling only its own form, every step logged, the report as Excel."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from audit import selectors, services
from audit.models import RiskAssessment
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def rows(answer="compliant", notes=""):
    return [{"area": fa.number, "answer": answer, "notes": notes} for fa in selectors.templates()]


def test_the_stages_run_in_order_with_the_seeds_deadlines_and_every_step_logged(auditor, officer, finance):
    a = services.assessment_create(actor=auditor, year=2026)
    assert (a.team_due, a.self_check_due, a.spot_check_due, a.report_due, a.city_check_from, a.city_check_to) == (
        datetime.date(2026, 6, 30), datetime.date(2026, 7, 31), datetime.date(2026, 8, 31),
        datetime.date(2026, 8, 30), datetime.date(2026, 9, 1), datetime.date(2026, 10, 20))
    with pytest.raises(Conflict):  # no report before the team and the self-checks
        services.assessment_report(actor=auditor, assessment=a, report="报告")
    a = services.assessment_team_form(actor=auditor, assessment=a, team="组长：张三；成员：李四、王五")
    assert a.stage == "self_check" and a.team_formed_on is not None
    services.self_check_submit(actor=officer, assessment=a, section="business", rows=rows())
    with pytest.raises(ValidationError):  # the finance section has not answered
        services.assessment_spot_check(actor=auditor, assessment=a, notes="抽查")
    services.self_check_submit(actor=finance, assessment=a, section="finance",
                               rows=rows("problem", "银行对账未做到日清"), summary="基本规范")
    a = services.assessment_spot_check(actor=auditor, assessment=a, notes="抽查了三个股室")
    a = services.assessment_report(actor=auditor, assessment=a, report="全年风险自查评估报告")
    assert a.stage == "city_check" and a.reported_on is not None
    a = services.assessment_city_check(actor=auditor, assessment=a, notes="市处抽查无问题")
    assert a.stage == "done"
    actions = set(OperationLog.objects.filter(action__startswith="risk_assessment.").values_list("action", flat=True))
    assert actions == {"risk_assessment.create", "risk_assessment.team_form", "risk_assessment.self_check",
                       "risk_assessment.spot_check", "risk_assessment.report", "risk_assessment.city_check"}


def test_each_section_fills_only_its_own_form_and_a_problem_needs_notes(auditor, officer, finance, clerk_a):
    a = services.assessment_team_form(actor=auditor, assessment=services.assessment_create(actor=auditor, year=2026),
                                      team="小组")
    with pytest.raises(PermissionDenied):
        services.self_check_submit(actor=finance, assessment=a, section="business", rows=rows())
    for user in (clerk_a, auditor):
        with pytest.raises(PermissionDenied):
            services.self_check_submit(actor=user, assessment=a, section="business", rows=rows())
    with pytest.raises(ValidationError):
        services.self_check_submit(actor=officer, assessment=a, section="business", rows=rows("problem"))
    assert not a.self_checks.exists()


@pytest.mark.parametrize("bad", [
    [{"area": "abc", "answer": "compliant"}],
    [{"answer": "compliant"}],
    [{"area": 1, "answer": "maybe"}],
    [],
    "not a list",
])
def test_a_malformed_self_check_is_refused_with_a_message_never_a_crash(auditor, officer, bad):
    a = services.assessment_team_form(actor=auditor, assessment=services.assessment_create(actor=auditor, year=2026),
                                      team="小组")
    with pytest.raises(ValidationError):
        services.self_check_submit(actor=officer, assessment=a, section="business", rows=bad)
    assert not a.self_checks.exists()


def test_every_focus_area_is_answered(auditor, officer):
    a = services.assessment_team_form(actor=auditor, assessment=services.assessment_create(actor=auditor, year=2026),
                                      team="小组")
    with pytest.raises(ValidationError) as caught:
        services.self_check_submit(actor=officer, assessment=a, section="business", rows=rows()[:3])
    assert "rows" in caught.value.message_dict


def test_one_assessment_a_year_and_only_auditors_open_it(auditor, leader):
    services.assessment_create(actor=auditor, year=2026)
    with pytest.raises(Conflict):
        services.assessment_create(actor=auditor, year=2026)
    with pytest.raises(PermissionDenied):
        services.assessment_create(actor=leader, year=2027)
    assert RiskAssessment.objects.count() == 1


def test_the_report_is_excel_with_each_sections_form_and_user_text_never_a_formula(auditor, officer, finance, web):
    a = services.assessment_team_form(actor=auditor, assessment=services.assessment_create(actor=auditor, year=2026),
                                      team="=HYPERLINK(\"http://x\")")
    services.self_check_submit(actor=officer, assessment=a, section="business", rows=rows())
    services.self_check_submit(actor=finance, assessment=a, section="finance", rows=rows("problem", "+1 对账滞后"))
    r = web(auditor).get(reverse("audit:assessment_export", args=[a.pk]))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert len(wb.sheetnames) == 3 and "自查报告" in wb.sheetnames
    text = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x")' in text and "+1 对账滞后" in text
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    assert any("2026-07-31" in t for t in text) and any("2026-09-01" in t for t in text)


def test_the_leader_reads_the_assessment_and_a_clerk_does_not(auditor, leader, clerk_a, web):
    a = services.assessment_create(actor=auditor, year=2026)
    assert web(leader).get(reverse("audit:assessment_detail", args=[a.pk])).status_code == 200
    assert web(clerk_a).get(reverse("audit:assessment_detail", args=[a.pk])).status_code == 403
