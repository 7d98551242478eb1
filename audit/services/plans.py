"""Quarterly plans: creation (by the beat job on the first day of a quarter), the sample draw, spot-check answers,
the checklist templates."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.params import is_ascii_digits, normalise_digits

from .. import sampling
from ..models import (
    Answer,
    AnswerAttachment,
    AuditPlan,
    CheckItem,
    CheckMethod,
    FocusArea,
    PlanCheckItem,
    PlanFocusArea,
    PlanStatus,
    SampleRecord,
    SpotCheckAnswer,
)
from ..quarters import due_date, previous_quarter, quarter_bounds
from .common import check_upload, clean_text, parameters_on, require_auditor


def draw(*, plan: AuditPlan, area: PlanFocusArea) -> list[dict]:
    """The records drawn for one area of a plan: for each kind, `sample_size` of the quarter's records, chosen by
    a generator seeded with the plan's seed, the area and the kind. The same plan draws the same records again."""
    out = []
    start, end = plan.period_start, plan.period_end
    for code in area.sample_kinds:
        kind = sampling.REGISTRY.get(code)
        if kind is None or not kind.available:
            continue
        population = sorted({(str(key), day) for key, day in kind.keys(start, end) if start <= day <= end})
        rng = random.Random(f"{plan.seed}:{area.number}:{code}")
        chosen = rng.sample(population, min(plan.sample_size, len(population)))
        described = kind.describe([key for key, _day in chosen])
        for position, (key, day) in enumerate(chosen):
            label, url = described.get(key, (key, ""))
            out.append({"kind": code, "key": key, "occurred_on": day, "label": str(label)[:200], "url": url,
                        "position": position})
    return out


@transaction.atomic
def plan_create(*, actor, year: int, quarter: int, sample_size: int | None = None,
                seed: int | None = None) -> AuditPlan:
    """The plan covering one quarter, with a copy of the current checklist and its sample drawn."""
    if actor is not None:
        require_auditor(actor)
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise ValidationError({"quarter": _("Choose a quarter from 1 to 4 of a real year.")})
    start, end = quarter_bounds(year, quarter)
    if start > timezone.localdate():
        raise ValidationError({"quarter": _("This quarter has not begun.")})
    size = sample_size if sample_size is not None else parameters_on().sample_size
    if not 1 <= size <= 500:
        raise ValidationError({"sample_size": _("Sample between 1 and 500 records of each kind.")})
    plan = AuditPlan(year=year, quarter=quarter, period_start=start, period_end=end, due_on=due_date(year, quarter),
                     sample_size=size, seed=seed if seed is not None else random.SystemRandom().randrange(2**62),
                     created_by=actor)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "audit_one_plan_per_quarter":
            raise
        raise Conflict({"quarter": _("There is already a plan for this quarter.")})
    for fa in FocusArea.objects.filter(retired_at__isnull=True).prefetch_related("items").order_by("number"):
        area = PlanFocusArea.objects.create(plan=plan, template=fa, number=fa.number, title=fa.title, text=fa.text,
                                            sample_kinds=sampling.kinds_for_area(fa.number))
        PlanCheckItem.objects.bulk_create([PlanCheckItem(area=area, number=i.number, text=i.text)
                                           for i in fa.items.all() if i.retired_at is None])
        SampleRecord.objects.bulk_create([SampleRecord(plan=plan, area=area, **row)
                                          for row in draw(plan=plan, area=area)])
    plan.drawn_at = timezone.now()
    plan.save(update_fields=["drawn_at"])
    log_operation(actor=actor, action="audit_plan.create", obj=plan,
                  after={**snapshot(plan, ["year", "quarter", "due_on", "sample_size", "seed"]),
                         "samples": plan.samples.count()})
    return plan


def plan_create_for_previous_quarter(*, actor=None, today: datetime.date | None = None) -> AuditPlan | None:
    """The beat job's work on the first day of a quarter: the plan for the quarter just ended, once."""
    year, quarter = previous_quarter(today or timezone.localdate())
    if AuditPlan.objects.filter(year=year, quarter=quarter).exists():
        return None
    try:
        return plan_create(actor=actor, year=year, quarter=quarter)
    except Conflict:
        return None


@transaction.atomic
def spotcheck_answer(*, actor, sample: SampleRecord, item: PlanCheckItem, answer: str, method: str,
                     notes: str = "") -> SpotCheckAnswer:
    require_auditor(actor)
    errors = {}
    if answer not in Answer.values:
        errors["answer"] = _("Answer compliant, problem or not applicable.")
    if method not in CheckMethod.values:
        errors["method"] = _("Choose the method: system query, paper archive or on-site inquiry.")
    if item.area_id != sample.area_id:
        errors["item"] = _("This check item belongs to another focus area.")
    notes = clean_text("notes", notes, required=answer == Answer.PROBLEM)
    if errors:
        raise ValidationError(errors)
    plan = AuditPlan.objects.select_for_update().get(pk=sample.plan_id)
    if plan.status != PlanStatus.OPEN:
        raise Conflict({"plan": _("This plan is completed; its answers no longer change.")})
    row = SpotCheckAnswer.objects.filter(sample=sample, item=item).first()
    before = snapshot(row, ["answer", "method", "notes"]) if row else None
    if row is None:
        row = SpotCheckAnswer(sample=sample, item=item)
    row.answer, row.method, row.notes, row.answered_by = answer, method, notes, actor
    row.save()
    after = snapshot(row, ["answer", "method", "notes"])
    if before != after:
        log_operation(actor=actor, action="audit_answer.save", obj=row, before=before, after=after)
    return row


@transaction.atomic
def attachment_add(*, actor, sample: SampleRecord, upload) -> AnswerAttachment:
    require_auditor(actor)
    check_upload("file", upload)
    att = AnswerAttachment.objects.create(sample=sample, file=upload, name=upload.name[:200], uploaded_by=actor)
    log_operation(actor=actor, action="audit_attachment.add", obj=att, after={"sample": sample.pk, "name": att.name})
    return att


@transaction.atomic
def plan_complete(*, actor, plan: AuditPlan) -> AuditPlan:
    require_auditor(actor)
    plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.OPEN:
        raise Conflict({"plan": _("This plan is already completed.")})
    expected = PlanCheckItem.objects.filter(area__plan=plan, area__samples__isnull=False).count()
    answered = SpotCheckAnswer.objects.filter(sample__plan=plan).count()
    if answered < expected:
        raise ValidationError({"plan": _("%(n)s check items of sampled records are not answered yet.")
                               % {"n": expected - answered}})
    plan.status, plan.completed_at, plan.completed_by = PlanStatus.COMPLETED, timezone.now(), actor
    plan.save(update_fields=["status", "completed_at", "completed_by"])
    log_operation(actor=actor, action="audit_plan.complete", obj=plan, after={"status": plan.status})
    return plan


@transaction.atomic
def focus_area_save(*, actor, number: int, title: str, text: str = "") -> FocusArea:
    """A new version of a focus area's heading and text (the old one is retired, its items move over)."""
    require_auditor(actor)
    title = clean_text("title", title, limit=100)
    text_number = normalise_digits(str(number))
    number = int(text_number) if is_ascii_digits(text_number) and len(text_number) <= 2 else 0
    if not 1 <= number <= 20:
        raise ValidationError({"number": _("Number the focus areas from 1 to 20.")})
    old = FocusArea.objects.select_for_update().filter(number=number, retired_at__isnull=True).first()
    if old:
        old.retired_at = timezone.now()
        old.save(update_fields=["retired_at"])
    new = FocusArea.objects.create(number=number, title=title, text=(text or "").strip(), created_by=actor)
    if old:
        CheckItem.objects.filter(focus_area=old, retired_at__isnull=True).update(focus_area=new)
    log_operation(actor=actor, action="audit_template.save", obj=new,
                  before=snapshot(old, ["number", "title", "text"]) if old else None,
                  after=snapshot(new, ["number", "title", "text"]))
    return new


@transaction.atomic
def check_item_save(*, actor, focus_area: FocusArea, text: str, item: CheckItem | None = None,
                    retire: bool = False) -> CheckItem | None:
    """Add a check item, change one (retire it and add the new text) or retire one."""
    require_auditor(actor)
    before = None
    number = None
    if item is not None:
        item = CheckItem.objects.select_for_update().get(pk=item.pk)
        before, number = snapshot(item, ["number", "text"]), item.number
        item.retired_at = timezone.now()
        item.save(update_fields=["retired_at"])
    if retire:
        log_operation(actor=actor, action="audit_check_item.retire", obj=item, before=before)
        return None
    text = clean_text("text", text)
    if number is None:
        last = focus_area.items.order_by("-number").first()
        number = (last.number + 1) if last else 1
    new = CheckItem.objects.create(focus_area=focus_area, number=number, text=text, created_by=actor)
    log_operation(actor=actor, action="audit_check_item.save", obj=new, before=before,
                  after=snapshot(new, ["number", "text"]))
    return new
