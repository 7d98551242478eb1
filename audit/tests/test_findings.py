"""Findings: the signer rules, the section's answer, verification, overdue flags, every step logged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import selectors, services
from audit.models import Finding
from pension.errors import Conflict
from pension.models import OperationLog

pytestmark = pytest.mark.django_db


def test_nobody_signs_a_finding_they_raised(head, leader):
    own = services.finding_raise(actor=head, title="t", description="d", section="finance")
    with pytest.raises(ValidationError):
        services.finding_sign_head(actor=head, finding=own)


def test_an_auditor_who_is_not_the_head_cannot_sign_as_head(finding, auditor):
    with pytest.raises(PermissionDenied):
        services.finding_sign_head(actor=auditor, finding=finding)


def test_the_leader_signs_only_after_the_head_and_the_finding_goes_to_the_section(finding, head, leader):
    with pytest.raises(Conflict):
        services.finding_sign_leader(actor=leader, finding=finding)
    services.finding_sign_head(actor=head, finding=finding)
    f = services.finding_sign_leader(actor=leader, finding=finding)
    assert f.status == "sent" and f.head_signed_by == head and f.leader_signed_by == leader
    assert f.respond_by == timezone.localdate() + datetime.timedelta(days=15)


def test_the_database_refuses_one_person_signing_twice_or_the_raiser_signing(finding, head, auditor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(head_signed_by=auditor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(head_signed_by=head, leader_signed_by=head)


@pytest.fixture
def sent(finding, head, leader):
    services.finding_sign_head(actor=head, finding=finding)
    return services.finding_sign_leader(actor=leader, finding=finding)


def test_an_accepted_explanation_closes_the_finding(sent, officer, auditor):
    services.finding_explain(actor=officer, finding=sent, explanation="档次调整经本人申请，资料已归档。")
    f = services.finding_accept(actor=auditor, finding=sent)
    assert f.status == "closed" and f.closed_by == auditor


def test_a_rejected_explanation_goes_back_to_the_section(sent, officer, auditor):
    services.finding_explain(actor=officer, finding=sent, explanation="无问题。")
    f = services.finding_reject_response(actor=auditor, finding=sent, reason="说明不充分")
    assert f.status == "sent"


def test_a_rectification_closes_only_after_the_auditor_verifies_the_evidence(sent, officer, auditor, upload):
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    services.finding_plan_rectification(actor=officer, finding=sent, plan="补录并复核", deadline=deadline)
    with pytest.raises(Conflict):
        services.finding_accept(actor=auditor, finding=sent)
    services.finding_submit_evidence(actor=officer, finding=sent, upload=upload("done.pdf"), note="已完成")
    f = services.finding_accept(actor=auditor, finding=sent, note="已核实")
    assert f.status == "closed"
    actions = list(OperationLog.objects.filter(object_type="audit.finding", object_id=str(f.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["finding.raise", "finding.sign_head", "finding.sign_leader", "finding.plan_rectification",
                       "finding.submit_evidence", "finding.close"]


def test_only_the_responsible_section_answers(sent, finance, clerk_a):
    with pytest.raises(PermissionDenied):
        services.finding_explain(actor=finance, finding=sent, explanation="x")
    with pytest.raises(PermissionDenied):
        services.finding_explain(actor=clerk_a, finding=sent, explanation="x")


def test_a_township_finding_is_answered_by_that_township_only(auditor, head, leader, township_a, clerk_a, clerk_b):
    f = services.finding_raise(actor=auditor, title="t", description="d", section="township", township=township_a)
    services.finding_sign_head(actor=head, finding=f)
    services.finding_sign_leader(actor=leader, finding=f)
    assert not selectors.finding_list(user=clerk_b).filter(pk=f.pk).exists()
    with pytest.raises(PermissionDenied):
        services.finding_explain(actor=clerk_b, finding=f, explanation="x")
    services.finding_explain(actor=clerk_a, finding=f, explanation="已说明")


def test_overdue_findings_are_flagged_on_the_auditors_and_the_sections_home_pages(sent, officer, auditor, web):
    Finding.objects.filter(pk=sent.pk).update(respond_by=timezone.localdate() - datetime.timedelta(days=1))
    assert list(selectors.findings_overdue(user=auditor)) == [sent]
    assert list(selectors.findings_overdue(user=officer)) == [sent]
    page = web(officer).get("/").content.decode()
    assert "audit-findings" in page and "逾期" in page
    page = web(auditor).get("/").content.decode()
    assert "audit-summary" in page


def test_a_section_does_not_see_a_finding_before_both_signatures(finding, officer):
    assert not selectors.finding_list(user=officer).exists()
