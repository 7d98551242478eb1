"""Findings: raised by an auditor, signed by the audit head and then the supervising leader (two different people,
neither the raiser), sent to the responsible section, answered by an explanation (closed when accepted) or a
rectification plan with a deadline and then completion evidence (closed when the auditor verifies it)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict
from pension.models import AreaLevel, Post
from pension.oplog import log_operation, snapshot
from pension.permissions import has_post
from pension.scope import area_in_scope
from pension.uploads import store_on_commit

from ..models import AuditHead, Finding, FindingStatus, Section
from ..models.findings import SECTION_POSTS
from .common import checked_upload, clean_text, parameters_on, require_auditor

LOG_FIELDS = ["status", "head_signed_by", "leader_signed_by", "respond_by", "explanation", "rectification_plan",
              "rectify_by", "evidence_note", "closed_by", "close_note"]


def is_audit_head(user, day: datetime.date | None = None) -> bool:
    day = day or timezone.localdate()
    return has_post(user, {Post.AUDITOR}) and AuditHead.objects.filter(
        user=user, valid_from__lte=day).exclude(until__lt=day).exists()


def _locked(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


def _log(actor, finding, action, before, reason=""):
    after = snapshot(finding, LOG_FIELDS)
    after["evidence"] = finding.evidence.name or ""
    log_operation(actor=actor, action=f"finding.{action}", obj=finding, before=before, after=after, reason=reason,
                  area=finding.township)


def _expect(finding: Finding, *statuses) -> None:
    if finding.status not in statuses:
        raise Conflict({"status": _("This finding is not at that step (it is: %(s)s).")
                        % {"s": finding.get_status_display()}})


@transaction.atomic
def audit_head_appoint(*, actor, user, valid_from: datetime.date) -> AuditHead:
    """The leader names the audit head (稽核股负责人) from a day; a deputy may be named the same way."""
    if not has_post(actor, {Post.LEADER}):
        raise PermissionDenied(_("Only the leader names the audit head."))
    if not has_post(user, {Post.AUDITOR}):
        raise ValidationError({"user": _("The audit head must be an auditor.")})
    head = AuditHead.objects.create(user=user, valid_from=valid_from, appointed_by=actor)
    log_operation(actor=actor, action="audit_head.appoint", obj=head,
                  after={"user": user.pk, "valid_from": valid_from.isoformat()})
    return head


@transaction.atomic
def finding_raise(*, actor, title: str, description: str, section: str, township=None, plan=None, sample=None,
                  flag=None, focus_area: int | None = None) -> Finding:
    require_auditor(actor)
    title = clean_text("title", title, limit=200)
    description = clean_text("description", description)
    if section not in Section.values:
        raise ValidationError({"section": _("Choose the responsible section.")})
    if section == Section.TOWNSHIP and (township is None or township.level != AreaLevel.TOWNSHIP):
        raise ValidationError({"township": _("Choose the township whose office answers.")})
    if sample is not None:
        plan = sample.plan
        focus_area = focus_area or sample.area.number
    finding = Finding.objects.create(
        title=title, description=description, section=section,
        township=township if section == Section.TOWNSHIP else None, plan=plan, sample=sample, flag=flag,
        focus_area=focus_area, raised_by=actor)
    _log(actor, finding, "raise", None)
    return finding


@transaction.atomic
def finding_sign_head(*, actor, finding: Finding) -> Finding:
    if not is_audit_head(actor):
        raise PermissionDenied(_("Only the audit head signs here."))
    finding = _locked(finding)
    _expect(finding, FindingStatus.RAISED)
    if finding.raised_by_id == actor.pk:
        raise ValidationError({"head_signed_by": _("Nobody signs a finding they raised.")})
    before = snapshot(finding, LOG_FIELDS)
    finding.status, finding.head_signed_by, finding.head_signed_at = FindingStatus.HEAD_SIGNED, actor, timezone.now()
    finding.save()
    _log(actor, finding, "sign_head", before)
    return finding


@transaction.atomic
def finding_sign_leader(*, actor, finding: Finding) -> Finding:
    """The leader's signature sends the finding to the section, with the day its answer is due."""
    if not has_post(actor, {Post.LEADER}):
        raise PermissionDenied(_("Only the supervising leader signs here."))
    finding = _locked(finding)
    _expect(finding, FindingStatus.HEAD_SIGNED)
    if actor.pk in (finding.raised_by_id, finding.head_signed_by_id):
        raise ValidationError({"leader_signed_by": _("The two signers must be different people, neither the one "
                                                     "who raised the finding.")})
    before = snapshot(finding, LOG_FIELDS)
    finding.status, finding.leader_signed_by, finding.leader_signed_at = FindingStatus.SENT, actor, timezone.now()
    finding.respond_by = timezone.localdate() + datetime.timedelta(days=parameters_on().response_days)
    finding.save()
    _log(actor, finding, "sign_leader", before)
    return finding


def can_respond(user, finding: Finding) -> bool:
    post = SECTION_POSTS.get(finding.section)
    if not has_post(user, {post}):
        return False
    return finding.section != Section.TOWNSHIP or (finding.township and area_in_scope(user, finding.township))


def _require_section(actor, finding):
    if not can_respond(actor, finding):
        raise PermissionDenied(_("Only the responsible section answers this finding."))


@transaction.atomic
def finding_explain(*, actor, finding: Finding, explanation: str) -> Finding:
    _require_section(actor, finding)
    finding = _locked(finding)
    _expect(finding, FindingStatus.SENT)
    before = snapshot(finding, LOG_FIELDS)
    finding.explanation = clean_text("explanation", explanation)
    finding.status, finding.responded_by = FindingStatus.EXPLAINED, actor
    finding.save()
    _log(actor, finding, "explain", before)
    return finding


@transaction.atomic
def finding_plan_rectification(*, actor, finding: Finding, plan: str, deadline: datetime.date) -> Finding:
    _require_section(actor, finding)
    finding = _locked(finding)
    _expect(finding, FindingStatus.SENT)
    text = clean_text("rectification_plan", plan)
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"rectify_by": _("Enter a deadline from today on.")})
    before = snapshot(finding, LOG_FIELDS)
    finding.rectification_plan, finding.rectify_by = text, deadline
    finding.status, finding.responded_by = FindingStatus.RECTIFYING, actor
    finding.save()
    _log(actor, finding, "plan_rectification", before)
    return finding


@transaction.atomic
def finding_submit_evidence(*, actor, finding: Finding, upload, note: str = "") -> Finding:
    _require_section(actor, finding)
    checked = checked_upload("evidence", upload)
    finding = _locked(finding)
    _expect(finding, FindingStatus.RECTIFYING)
    before = snapshot(finding, LOG_FIELDS)
    finding.evidence = store_on_commit(folder="audit/findings", checked=checked, keep_name=True)
    finding.evidence_note = clean_text("evidence_note", note, required=False)
    finding.status = FindingStatus.EVIDENCE
    finding.save()
    _log(actor, finding, "submit_evidence", before)
    return finding


@transaction.atomic
def finding_accept(*, actor, finding: Finding, note: str = "") -> Finding:
    """The auditor accepts the explanation, or verifies the completion evidence: the finding closes."""
    require_auditor(actor)
    finding = _locked(finding)
    _expect(finding, FindingStatus.EXPLAINED, FindingStatus.EVIDENCE)
    before = snapshot(finding, LOG_FIELDS)
    finding.status, finding.closed_by, finding.closed_at = FindingStatus.CLOSED, actor, timezone.now()
    finding.close_note = clean_text("close_note", note, required=False)
    finding.save()
    _log(actor, finding, "close", before, reason=finding.close_note)
    return finding


@transaction.atomic
def finding_reject_response(*, actor, finding: Finding, reason: str) -> Finding:
    """The auditor does not accept the explanation (back to the section) or the evidence (back to rectifying)."""
    require_auditor(actor)
    reason = clean_text("reason", reason)
    finding = _locked(finding)
    _expect(finding, FindingStatus.EXPLAINED, FindingStatus.EVIDENCE)
    before = snapshot(finding, LOG_FIELDS)
    finding.status = FindingStatus.SENT if finding.status == FindingStatus.EXPLAINED else FindingStatus.RECTIFYING
    finding.save()
    _log(actor, finding, "reject_response", before, reason=reason)
    return finding
