"""Quarterly plans: the list, a plan with its focus areas and samples, the spot-check form of one sampled record,
the daily supervision record form (Excel and print)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.params import is_ascii_digits
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..excel import record_form_response
from ..models import Answer, CheckMethod, Section
from ..texts import METHODS, PROCEDURE
from .common import AUDIT_READERS, AUDITORS, run


@login_required
def plan_list(request):
    require_post(request.user, AUDIT_READERS)
    if request.method == "POST":
        require_post(request.user, AUDITORS)
        try:
            year, quarter = int(request.POST.get("year", "")), int(request.POST.get("quarter", ""))
            size = int(request.POST["sample_size"]) if request.POST.get("sample_size") else None
        except ValueError:
            from django.contrib import messages

            messages.error(request, _("Enter the year, the quarter and the sample size as numbers."))
        else:
            plan = run(request, services.plan_create, _("The plan was created and its sample drawn."),
                       year=year, quarter=quarter, sample_size=size)
            if plan:
                return redirect("audit:plan_detail", pk=plan.pk)
    return render(request, "audit/plan_list.html", {
        "plans": selectors.plan_list(), "can_write": has_post(request.user, AUDITORS)})


@login_required
def plan_detail(request, pk):
    require_post(request.user, AUDIT_READERS)
    plan = selectors.plan_get(pk=pk)
    area = request.GET.get("area") or ""
    area_number = int(area) if is_ascii_digits(area) and len(area) <= 2 else None
    samples = selectors.samples_of(plan=plan, area_number=area_number)
    answered = {}
    for s in samples:
        answered[s.pk] = len(s.answers.all())
    return render(request, "audit/plan_detail.html", {
        "plan": plan, "progress": selectors.plan_progress(plan=plan), "samples": samples, "answered": answered,
        "can_write": has_post(request.user, AUDITORS), "methods_text": METHODS, "procedure_text": PROCEDURE})


@login_required
def sample_form(request, pk, sample_pk):
    require_post(request.user, AUDIT_READERS)
    plan = selectors.plan_get(pk=pk)
    sample = selectors.sample_get(plan=plan, pk=sample_pk)
    items = list(sample.area.items.all())
    if request.method == "POST":
        require_post(request.user, AUDITORS)
        if request.FILES.get("file"):
            run(request, services.attachment_add, _("The attachment was added."), sample=sample,
                upload=request.FILES["file"])
        saved = 0
        for item in items:
            answer = request.POST.get(f"answer_{item.pk}")
            if not answer:
                continue
            ok = run(request, services.spotcheck_answer, _("Saved."), sample=sample, item=item, answer=answer,
                     method=request.POST.get(f"method_{item.pk}", ""), notes=request.POST.get(f"notes_{item.pk}", ""))
            saved += ok is not None
        nxt = request.POST.get("next")
        if nxt == "next":
            following = plan.samples.filter(area__number__gte=sample.area.number).exclude(pk=sample.pk).order_by(
                "area__number", "kind", "position").first()
            if following:
                return redirect("audit:sample_form", pk=plan.pk, sample_pk=following.pk)
        return redirect("audit:sample_form", pk=plan.pk, sample_pk=sample.pk)
    answers = {a.item_id: a for a in sample.answers.all()}
    rows = [{"item": item, "answer": answers.get(item.pk)} for item in items]
    return render(request, "audit/sample_form.html", {
        "plan": plan, "sample": sample, "rows": rows, "answer_choices": Answer.choices,
        "method_choices": CheckMethod.choices, "can_write": has_post(request.user, AUDITORS),
        "sections": Section.choices, "attachments": sample.attachments.all()})


@login_required
@require_POST
def plan_complete(request, pk):
    require_post(request.user, AUDITORS)
    plan = selectors.plan_get(pk=pk)
    run(request, services.plan_complete, _("The plan is completed."), plan=plan)
    return redirect("audit:plan_detail", pk=plan.pk)


@login_required
def plan_export(request, pk):
    require_post(request.user, AUDIT_READERS)
    plan = selectors.plan_get(pk=pk)
    return record_form_response(plan=plan, rows=selectors.record_form_rows(plan=plan))


@login_required
def plan_print(request, pk):
    require_post(request.user, AUDIT_READERS)
    plan = selectors.plan_get(pk=pk)
    return render(request, "audit/record_form_print.html", {
        "plan": plan, "rows": selectors.record_form_rows(plan=plan), "methods_text": METHODS})
