"""Reads of the audit app. Auditors and the leader read the whole county; sections read the findings sent to
them (a township office only its township's)."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from pension.models import Post
from pension.permissions import has_post
from pension.scope import get_scoped_or_404, scope_queryset

from .models import (
    AnswerAttachment,
    AuditPlan,
    Finding,
    FindingStatus,
    FlagRun,
    FlagStatus,
    FocusArea,
    KeyDataChangeRequest,
    KeyDataStatus,
    RedFlag,
    RiskAssessment,
    SampleRecord,
    SpotCheckAnswer,
)
from .models.findings import OPEN_STATUSES, SECTION_POSTS

AUDIT_READERS = frozenset({Post.AUDITOR, Post.LEADER})


def plan_list() -> QuerySet[AuditPlan]:
    return AuditPlan.objects.annotate(n_samples=Count("samples", distinct=True)).order_by("-year", "-quarter", "-id")


def plan_get(*, pk) -> AuditPlan:
    return get_object(AuditPlan.objects.all(), pk)


def get_object(qs, pk):
    from django.http import Http404

    try:
        return qs.get(pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def plan_progress(*, plan: AuditPlan) -> dict:
    """Per focus area: sampled records, answers expected and given, problems."""
    areas = []
    answers = {}
    for row in SpotCheckAnswer.objects.filter(sample__plan=plan).values("sample__area_id", "answer").annotate(
            n=Count("id")):
        answers.setdefault(row["sample__area_id"], {})[row["answer"]] = row["n"]
    for area in plan.areas.prefetch_related("items").annotate(n_samples=Count("samples")):
        given = answers.get(area.pk, {})
        expected = area.n_samples * len(area.items.all())
        areas.append({"area": area, "samples": area.n_samples, "expected": expected,
                      "answered": sum(given.values()), "problems": given.get("problem", 0)})
    return {"areas": areas, "expected": sum(a["expected"] for a in areas),
            "answered": sum(a["answered"] for a in areas)}


def samples_of(*, plan: AuditPlan, area_number: int | None = None) -> QuerySet[SampleRecord]:
    qs = plan.samples.select_related("area").prefetch_related("answers", "attachments", "area__items")
    if area_number:
        qs = qs.filter(area__number=area_number)
    return qs


def sample_get(*, plan: AuditPlan, pk) -> SampleRecord:
    return get_object(plan.samples.select_related("area"), pk)


def attachment_get(*, plan: AuditPlan, pk) -> AnswerAttachment:
    return get_object(AnswerAttachment.objects.filter(sample__plan=plan), pk)


def templates() -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(retired_at__isnull=True).prefetch_related("items").order_by("number")


def record_form_rows(*, plan: AuditPlan) -> list[dict]:
    """The rows of the daily supervision record form: one per focus area and check item, with what the sampled
    records showed."""
    rows = []
    answers = {}
    for a in SpotCheckAnswer.objects.filter(sample__plan=plan).select_related("sample").order_by("sample__position"):
        answers.setdefault(a.item_id, []).append(a)
    for area in plan.areas.prefetch_related("items"):
        for item in area.items.all():
            given = answers.get(item.pk, [])
            problems = [a for a in given if a.answer == "problem"]
            methods = sorted({a.get_method_display() for a in given})
            rows.append({"area": area, "item": item, "checked": len(given), "problems": problems,
                         "methods": methods, "notes": [f"{a.sample.label}: {a.notes}" for a in given if a.notes]})
    return rows


# --- findings ---------------------------------------------------------------------------------------------


def finding_list(*, user, status: str | None = None, open_only: bool = False) -> QuerySet[Finding]:
    qs = Finding.objects.select_related("raised_by", "head_signed_by", "leader_signed_by", "township", "plan")
    if not has_post(user, AUDIT_READERS):
        posts_sections = [s for s, post in SECTION_POSTS.items() if post == getattr(user, "post", None)]
        qs = scope_queryset(user, qs.filter(section__in=posts_sections).exclude(
            status__in=[FindingStatus.RAISED, FindingStatus.HEAD_SIGNED, FindingStatus.WITHDRAWN]))
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs


def finding_get(*, user, pk) -> Finding:
    return get_object(finding_list(user=user), pk)


def overdue_q(today: datetime.date) -> Q:
    return (Q(status=FindingStatus.SENT, respond_by__lt=today)
            | Q(status=FindingStatus.RECTIFYING, rectify_by__lt=today))


def findings_overdue(*, user, today=None) -> QuerySet[Finding]:
    return finding_list(user=user).filter(overdue_q(today or timezone.localdate()))


def findings_by_age(*, user, today=None) -> list[dict]:
    """Open findings in age bands (days since raised)."""
    today = today or timezone.localdate()
    bands = [(0, 30, "0–30"), (31, 90, "31–90"), (91, 180, "91–180"), (181, 100000, ">180")]
    out = [{"label": label, "findings": []} for _lo, _hi, label in bands]
    for f in finding_list(user=user, open_only=True).order_by("raised_at"):
        age = (today - timezone.localtime(f.raised_at).date()).days
        for i, (lo, hi, _label) in enumerate(bands):
            if lo <= age <= hi:
                f.age_days = age
                out[i]["findings"].append(f)
                break
    return out


# --- red flags --------------------------------------------------------------------------------------------


def flag_list(*, status: str | None = FlagStatus.NEW, rule: str | None = None) -> QuerySet[RedFlag]:
    qs = RedFlag.objects.all()
    if status:
        qs = qs.filter(status=status)
    if rule:
        qs = qs.filter(rule=rule)
    return qs.order_by("-first_seen", "-id")


def flag_get(*, pk) -> RedFlag:
    return get_object(RedFlag.objects.all(), pk)


def flag_counts() -> dict[str, int]:
    return dict(RedFlag.objects.filter(status=FlagStatus.NEW).values_list("rule").annotate(n=Count("id")))


def last_flag_run() -> FlagRun | None:
    return FlagRun.objects.order_by("-started_at").first()


# --- key-data requests ------------------------------------------------------------------------------------


def keydata_list(*, user, status: str | None = None) -> QuerySet[KeyDataChangeRequest]:
    qs = KeyDataChangeRequest.objects.select_related("resident", "requested_by", "township")
    if not has_post(user, AUDIT_READERS):
        qs = scope_queryset(user, qs)
    if status:
        qs = qs.filter(status=status)
    return qs


def keydata_get(*, user, pk) -> KeyDataChangeRequest:
    if has_post(user, AUDIT_READERS):
        return get_object(keydata_list(user=user), pk)
    return get_scoped_or_404(user, keydata_list(user=user), pk=pk)


def key_data_applied_between(*, start: datetime.date, end: datetime.date) -> list[tuple[int, datetime.date]]:
    rows = KeyDataChangeRequest.objects.filter(status=KeyDataStatus.APPLIED, applied_at__date__range=(start, end))
    return [(pk, timezone.localtime(at).date()) for pk, at in rows.order_by("id").values_list("id", "applied_at")]


def key_data_described(*, ids) -> dict:
    out = {}
    for r in KeyDataChangeRequest.objects.filter(id__in=list(ids)).select_related("resident"):
        out[str(r.pk)] = (f"{r.resident.name}: {', '.join(sorted(r.changes))}",
                          reverse("audit:keydata_detail", args=[r.pk]))
    return out


# --- self-assessment --------------------------------------------------------------------------------------


def assessment_list() -> QuerySet[RiskAssessment]:
    return RiskAssessment.objects.prefetch_related("self_checks")


def assessment_get(*, pk) -> RiskAssessment:
    return get_object(assessment_list(), pk)


def plans_due(*, today=None) -> QuerySet[AuditPlan]:
    """Open plans: the one due this quarter first."""
    return AuditPlan.objects.filter(status="open").order_by("due_on")
