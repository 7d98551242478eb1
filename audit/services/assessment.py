"""The yearly risk self-assessment: team formed by 30 June, section self-checks by 31 July, the team's spot check
by 31 August (report by 30 August), the city's check from 1 September to 20 October."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.models import Post
from pension.oplog import log_operation, snapshot
from pension.permissions import has_post

from ..models import Answer, AssessmentStage, FocusArea, RiskAssessment, Section, SectionSelfCheck
from .common import clean_text, require_auditor

LOG_FIELDS = ["stage", "team", "team_formed_on", "report", "reported_on"]
ORDER = [AssessmentStage.TEAM, AssessmentStage.SELF_CHECK, AssessmentStage.SPOT_CHECK, AssessmentStage.CITY_CHECK,
         AssessmentStage.DONE]
# Sections that fill a self-check form (the township offices answer through the county business section).
SELF_CHECK_SECTIONS = {Section.BUSINESS: Post.COUNTY_OFFICER, Section.FINANCE: Post.COUNTY_FINANCE}


def _log(actor, a, action, before, reason=""):
    log_operation(actor=actor, action=f"risk_assessment.{action}", obj=a, before=before,
                  after=snapshot(a, LOG_FIELDS), reason=reason)


def _locked(a) -> RiskAssessment:
    return RiskAssessment.objects.select_for_update().get(pk=a.pk)


def _expect(a, stage):
    if a.stage != stage:
        raise Conflict({"stage": _("The self-assessment is at another stage (%(s)s).")
                        % {"s": a.get_stage_display()}})


def _advance(a):
    a.stage = ORDER[ORDER.index(a.stage) + 1]


@transaction.atomic
def assessment_create(*, actor, year: int) -> RiskAssessment:
    require_auditor(actor)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Enter a real year.")})
    a = RiskAssessment(
        year=year, team_due=datetime.date(year, 6, 30), self_check_due=datetime.date(year, 7, 31),
        spot_check_due=datetime.date(year, 8, 31), report_due=datetime.date(year, 8, 30),
        city_check_from=datetime.date(year, 9, 1), city_check_to=datetime.date(year, 10, 20), created_by=actor)
    try:
        with transaction.atomic():
            a.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "audit_riskassessment_year_key":  # PostgreSQL names unique=True so
            raise
        raise Conflict({"year": _("There is already a self-assessment for this year.")})
    _log(actor, a, "create", None)
    return a


@transaction.atomic
def assessment_team_form(*, actor, assessment: RiskAssessment, team: str) -> RiskAssessment:
    require_auditor(actor)
    a = _locked(assessment)
    _expect(a, AssessmentStage.TEAM)
    before = snapshot(a, LOG_FIELDS)
    a.team, a.team_formed_on = clean_text("team", team), timezone.localdate()
    _advance(a)
    a.save()
    _log(actor, a, "team_form", before)
    return a


@transaction.atomic
def self_check_submit(*, actor, assessment: RiskAssessment, section: str, rows: list[dict],
                      summary: str = "") -> SectionSelfCheck:
    """A section's self-check form: for each focus area, compliant / problem / not applicable and notes."""
    post = SELF_CHECK_SECTIONS.get(section)
    if post is None:
        raise ValidationError({"section": _("Choose the county business or the fund finance section.")})
    if not has_post(actor, {post}):
        raise PermissionDenied(_("Only the section's own staff fill its self-check form."))
    a = _locked(assessment)
    _expect(a, AssessmentStage.SELF_CHECK)
    areas = set(FocusArea.objects.filter(retired_at__isnull=True).values_list("number", flat=True))
    if not isinstance(rows, list | tuple) or not all(isinstance(row, dict) for row in rows):
        raise ValidationError({"rows": _("Answer every focus area.")})
    clean = []
    for i, row in enumerate(rows):
        area = row.get("area")
        if not isinstance(area, int) or isinstance(area, bool) or area not in areas:
            raise ValidationError({f"rows[{i}].area": _("Choose one of the focus areas.")})
        if row.get("answer") not in Answer.values:
            raise ValidationError({f"rows[{i}].answer": _("Answer compliant, problem or not applicable.")})
        notes = clean_text(f"rows[{i}].notes", row.get("notes"), required=row["answer"] == Answer.PROBLEM)
        clean.append({"area": area, "answer": row["answer"], "notes": notes})
    if not clean or {row["area"] for row in clean} != areas or len(clean) != len(areas):
        raise ValidationError({"rows": _("Answer every focus area.")})
    form, _created = SectionSelfCheck.objects.update_or_create(
        assessment=a, section=section,
        defaults={"rows": clean, "summary": clean_text("summary", summary, required=False), "submitted_by": actor})
    log_operation(actor=actor, action="risk_assessment.self_check", obj=form,
                  after={"section": section, "rows": clean, "summary": form.summary})
    return form


@transaction.atomic
def assessment_spot_check(*, actor, assessment: RiskAssessment, notes: str) -> RiskAssessment:
    """Closes the self-check stage (every section has answered) and records the team's spot check."""
    require_auditor(actor)
    a = _locked(assessment)
    if a.stage == AssessmentStage.SELF_CHECK:
        missing = set(SELF_CHECK_SECTIONS) - set(a.self_checks.values_list("section", flat=True))
        if missing:
            raise ValidationError({"stage": _("Not every section has filled its self-check form yet.")})
        a.stage = AssessmentStage.SPOT_CHECK
    _expect(a, AssessmentStage.SPOT_CHECK)
    before = snapshot(a, LOG_FIELDS)
    a.spot_check_notes = clean_text("spot_check_notes", notes)
    a.save()
    _log(actor, a, "spot_check", before)
    return a


@transaction.atomic
def assessment_report(*, actor, assessment: RiskAssessment, report: str) -> RiskAssessment:
    require_auditor(actor)
    a = _locked(assessment)
    _expect(a, AssessmentStage.SPOT_CHECK)
    if not a.spot_check_notes:
        raise ValidationError({"spot_check_notes": _("Record the team's spot check first.")})
    before = snapshot(a, LOG_FIELDS)
    a.report, a.reported_on = clean_text("report", report, limit=50000), timezone.localdate()
    _advance(a)
    a.save()
    _log(actor, a, "report", before)
    return a


@transaction.atomic
def assessment_city_check(*, actor, assessment: RiskAssessment, notes: str) -> RiskAssessment:
    require_auditor(actor)
    a = _locked(assessment)
    _expect(a, AssessmentStage.CITY_CHECK)
    before = snapshot(a, LOG_FIELDS)
    a.city_check_notes = clean_text("city_check_notes", notes)
    _advance(a)
    a.save()
    _log(actor, a, "city_check", before)
    return a


