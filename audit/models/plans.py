"""Quarterly plans: the checklist templates (eight focus areas and their check items), the plan's own copy of
them, the sampled records and the spot-check answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FocusArea(models.Model):
    """One of the eight focus areas of the quarterly spot check (seed plans 3 and 4), editable by auditors.
    A change retires the row and adds a new one: plans keep the text they were made with."""

    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["number"], condition=Q(retired_at__isnull=True),
                                               name="audit_one_current_focus_area_per_number")]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CheckItem(models.Model):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("check item"))
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["focus_area__number", "number", "id"]
        verbose_name = _("check item")
        verbose_name_plural = _("check items")

    def __str__(self) -> str:
        return self.text[:40]


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")


class AuditPlan(models.Model):
    """The spot check of one quarter's business, due on the 10th of the following quarter's first month."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"))
    sample_size = models.PositiveSmallIntegerField(_("records sampled per kind"))
    seed = models.BigIntegerField(_("random seed"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    drawn_at = models.DateTimeField(_("sample drawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="audit_one_plan_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="audit_plan_quarter_1_4"),
        ]
        verbose_name = _("quarterly audit plan")
        verbose_name_plural = _("quarterly audit plans")

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"


class PlanFocusArea(models.Model):
    plan = models.ForeignKey(AuditPlan, on_delete=models.PROTECT, related_name="areas")
    template = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), blank=True)
    # The sample kinds (audit.sampling) drawn for this area: those registered for its number when drawn.
    sample_kinds = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="audit_plan_area_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PlanCheckItem(models.Model):
    area = models.ForeignKey(PlanFocusArea, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("check item"))

    class Meta:
        ordering = ["area_id", "number"]


class SampleRecord(models.Model):
    """One record drawn for a focus area: `kind` names the sampler kind, `key` the record within it (an id, or
    e.g. "<township id>:<date>" for a day's reconciliation)."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.PROTECT, related_name="samples")
    area = models.ForeignKey(PlanFocusArea, on_delete=models.PROTECT, related_name="samples")
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("record"), max_length=60)
    label = models.CharField(_("description"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    occurred_on = models.DateField(_("date"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["area__number", "kind", "position"]
        constraints = [models.UniqueConstraint(fields=["area", "kind", "key"], name="audit_sample_once_per_area")]


class Answer(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    PROBLEM = "problem", _("Problem")
    NOT_APPLICABLE = "na", _("Not applicable")


class CheckMethod(models.TextChoices):
    SYSTEM = "system", _("System query")
    PAPER = "paper", _("Paper archive")
    ONSITE = "onsite", _("On-site inquiry")


class SpotCheckAnswer(models.Model):
    sample = models.ForeignKey(SampleRecord, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(PlanCheckItem, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    method = models.CharField(_("method"), max_length=10, choices=CheckMethod.choices)
    notes = models.TextField(_("notes"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sample", "item"], name="audit_one_answer_per_item")]


class AnswerAttachment(models.Model):
    sample = models.ForeignKey(SampleRecord, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="audit/spotcheck/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
