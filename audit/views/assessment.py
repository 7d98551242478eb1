"""The yearly risk self-assessment: stages with their deadlines, section self-check forms, report as Excel."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension.permissions import has_post, require_post

from .. import selectors, services
from ..apps import ASSESSMENT_READERS
from ..excel import assessment_workbook, response
from ..models import Answer, Section
from ..services.assessment import SELF_CHECK_SECTIONS
from .common import AUDITORS, run

READERS = ASSESSMENT_READERS


@login_required
def assessment_list(request):
    require_post(request.user, READERS)
    if request.method == "POST":
        require_post(request.user, AUDITORS)
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        a = run(request, services.assessment_create, _("The self-assessment was opened."), year=year)
        if a:
            return redirect("audit:assessment_detail", pk=a.pk)
    return render(request, "audit/assessment_list.html", {
        "assessments": selectors.assessment_list(), "can_write": has_post(request.user, AUDITORS),
        "year": timezone.localdate().year})


def _section_of(user):
    return next((s for s, post in SELF_CHECK_SECTIONS.items() if post == user.post), None)


@login_required
def assessment_detail(request, pk):
    require_post(request.user, READERS)
    a = selectors.assessment_get(pk=pk)
    areas = list(selectors.templates())
    section = _section_of(request.user)
    mine = next((f for f in a.self_checks.all() if f.section == section), None)
    answers = {r["area"]: r for r in (mine.rows if mine else [])}
    return render(request, "audit/assessment_detail.html", {
        "a": a, "areas": [(fa, answers.get(fa.number)) for fa in areas], "section": section,
        "section_label": dict(Section.choices).get(section), "mine": mine, "answer_choices": Answer.choices,
        "can_write": has_post(request.user, AUDITORS), "today": timezone.localdate(),
        "section_labels": dict(Section.choices)})


@login_required
@require_POST
def assessment_action(request, pk, action):
    require_post(request.user, READERS)
    a = selectors.assessment_get(pk=pk)
    p = request.POST
    if action == "self_check":
        section = _section_of(request.user)
        rows = [{"area": fa.number, "answer": p.get(f"answer_{fa.number}", ""), "notes": p.get(f"notes_{fa.number}")}
                for fa in selectors.templates()]
        run(request, services.self_check_submit, _("The self-check form was saved."), assessment=a,
            section=section or "", rows=rows, summary=p.get("summary", ""))
    elif action == "team":
        run(request, services.assessment_team_form, _("Saved."), assessment=a, team=p.get("team", ""))
    elif action == "spot_check":
        run(request, services.assessment_spot_check, _("Saved."), assessment=a, notes=p.get("notes", ""))
    elif action == "report":
        run(request, services.assessment_report, _("Saved."), assessment=a, report=p.get("report", ""))
    elif action == "city_check":
        run(request, services.assessment_city_check, _("Saved."), assessment=a, notes=p.get("notes", ""))
    else:
        raise Http404
    return redirect("audit:assessment_detail", pk=a.pk)


@login_required
def assessment_export(request, pk):
    require_post(request.user, READERS)
    a = selectors.assessment_get(pk=pk)
    areas = {fa.number: f"{fa.number}. {fa.title}" for fa in selectors.templates()}
    wb = assessment_workbook(assessment=a, areas=areas, section_labels=dict(Section.choices),
                             answer_labels=dict(Answer.choices))
    return response(wb, f"风险自查-{a.year}.xlsx")
