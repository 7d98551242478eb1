"""Progress pages: the dashboard and its drill-down, the work list, targets, milestones, runs, bulletins.
Views validate input, call a selector or a service, and render."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from pension import idnumber, outbox
from pension.excel import xlsx_response
from pension.forms import apply_service_errors
from pension.models import AreaLevel
from pension.params import int_param, year_param
from pension.permissions import has_post, require_post
from pension.scope import user_level

from . import selectors, services
from .apps import COUNTY_READERS, MANAGERS, READERS
from .forms import MilestoneForm, ScheduleForm, TargetImportForm, ThresholdsForm
from .models import Bulletin, Milestone, TargetImport


def _year(request) -> int:
    source = request.GET if (request.GET.get("year") or "").strip() else request.POST
    return year_param(source, default=timezone.localdate().year)


def _light_label(light: str) -> str:
    return {
        "on_track": _("On track"), "behind": _("Behind"), "far_behind": _("Far behind"), "none": _("No target"),
    }[light]


def _chart_labels() -> dict:
    return {"pct": _("Collection target reached (%)"), "expected": _("Expected by today"),
            "trend": _("Completion over the campaign"), "ranking": _("Townships ranked by completion"),
            "villages": _("Villages ranked by completion"), "expectedLine": _("Expected share")}


def _rows_with_light(rows, schedule):
    out = []
    for s in rows:
        light = schedule.light(s.pct_target)
        out.append({"s": s, "light": light, "light_label": _light_label(light),
                    "gap": schedule.gap_persons(target=s.target_paying, paying=s.paying),
                    "unpaid": s.unpaid})
    return out


def _f(value):
    return None if value is None else float(value)  # chart coordinates only, never money arithmetic


@login_required
def dashboard(request):
    require_post(request.user, READERS)
    year = _year(request)
    day = selectors.latest_day(year=year)
    schedule = selectors.schedule_for(year=year)
    ranking = _rows_with_light(selectors.township_ranking(year=year, day=day), schedule) if day else []
    county = selectors.county_row(year=year, day=day) if day else None
    user = request.user
    own_township = user.area.township if user_level(user) == AreaLevel.TOWNSHIP and user.area else None
    own_village = user.area if user_level(user) == AreaLevel.VILLAGE else None
    drill_all = user_level(user) == AreaLevel.COUNTY
    chart = {"ranking": [], "trend": {"days": [], "series": []}, "expected": _f(schedule.expected)}
    for r in ranking:
        area = r["s"].area
        may_drill = drill_all or (own_township is not None and area.pk == own_township.pk)
        chart["ranking"].append({"name": area.name, "pct": _f(r["s"].pct_target), "light": r["light"],
                                 "url": reverse("progress:township", args=[area.code]) + f"?year={year}"
                                 if may_drill else None})
    days, series = [], {}
    county_name = _("County")
    for day_, level, area_name, pct in selectors.trend(year=year):
        label = day_.isoformat()
        if not days or days[-1] != label:
            days.append(label)
        series.setdefault(county_name if level == "county" else area_name, {})[label] = _f(pct)
    expected = selectors.expected_series(year=year, days=[datetime.date.fromisoformat(d) for d in days])
    chart["trend"] = {"days": days, "expected": [_f(e) for e in expected],
                      "series": [{"name": n, "data": [v.get(d) for d in days]} for n, v in series.items()]}
    return render(request, "progress/dashboard.html", {
        "year": year, "years": selectors.years_with_data(), "day": day, "schedule": schedule,
        "county": county, "county_light": _light_label(schedule.light(county.pct_target)) if county else "",
        "county_light_key": schedule.light(county.pct_target) if county else "none", "labels": _chart_labels(),
        "county_gap": schedule.gap_persons(target=county.target_paying, paying=county.paying) if county else None,
        "ranking": ranking, "chart": chart, "last_run": selectors.run_latest(year=year),
        "can_manage": has_post(user, MANAGERS), "can_drill_all": drill_all,
        "own_township": own_township, "own_village": own_village,
    })


@login_required
def township(request, code: str):
    require_post(request.user, READERS)
    year = _year(request)
    area = selectors.township_for(user=request.user, code=code)
    day = selectors.latest_day(year=year)
    schedule = selectors.schedule_for(year=year)
    rows = _rows_with_light(selectors.village_rows(user=request.user, year=year, day=day, township=area), schedule) \
        if day else []
    total = selectors.history(year=year, area=area).filter(day=day).first() if day else None
    hist = list(selectors.history(year=year, area=area))
    chart = {
        "villages": [{"name": r["s"].area.name, "pct": _f(r["s"].pct_target), "light": r["light"]} for r in rows],
        "trend": {"days": [h.day.isoformat() for h in hist],
                  "expected": [_f(e) for e in selectors.expected_series(year=year, days=[h.day for h in hist])],
                  "series": [{"name": area.name, "data": [_f(h.pct_target) for h in hist]}]},
        "expected": _f(schedule.expected),
    }
    return render(request, "progress/township.html", {
        "year": year, "area": area, "day": day, "schedule": schedule, "rows": rows, "total": total,
        "total_light": _light_label(schedule.light(total.pct_target)) if total else "", "chart": chart,
        "total_light_key": schedule.light(total.pct_target) if total else "none", "labels": _chart_labels(),
    })


def _worklist(request, pk: int):
    require_post(request.user, READERS)
    year = _year(request)
    village = selectors.village_for(user=request.user, pk=pk)
    qs = selectors.worklist(user=request.user, year=year, village=village)
    return year, village, qs


@login_required
def worklist(request, pk: int):
    year, village, qs = _worklist(request, pk)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "progress/worklist.html", {
        "year": year, "village": village, "page": page, "today": timezone.localdate(),
        "can_drill_township": user_level(request.user) in (AreaLevel.COUNTY, AreaLevel.TOWNSHIP),
    })


@login_required
def worklist_export(request, pk: int):
    year, village, qs = _worklist(request, pk)
    today = timezone.localdate()
    headers = [pgettext("resident", "Name"), _("ID number"), _("Gender"), _("Age"), _("Natural village"),
               _("Phone"), _("Hardship category"), _("Paid last year")]
    rows = (
        (r.name, idnumber.mask(r.id_number), _("Female") if r.gender == "F" else _("Male"),
         idnumber.age_on(r.birth_date, today),
         r.natural_village.name if r.natural_village else "", r.phone, r.get_hardship_display(),
         _("Yes") if r.paid_last_year else _("No"))
        for r in qs.iterator(chunk_size=2000)
    )
    stamp = timezone.localdate().isoformat()
    title = _("%(village)s: enrolled but not yet paid for %(year)d") % {"village": village.full_name, "year": year}
    return xlsx_response(
        "%s-%s-%d-%s.xlsx" % (_("Work list"), village.name, year, stamp),
        sheets=[(_("Work list"), headers, rows)],
        title_rows=[title, _("Exported %(date)s by %(user)s") % {"date": stamp, "user": request.user}],
    )


@login_required
@require_POST
def compute(request):
    require_post(request.user, MANAGERS)
    year = _year(request)
    try:
        run = services.progress_run_request(actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        outbox.announce(request, run, _("Computation #%(id)d is queued; its record is under Progress runs.")
                        % {"id": run.pk})
    return redirect(reverse("progress:dashboard") + f"?year={year}")


@login_required
def run_list(request):
    require_post(request.user, COUNTY_READERS)
    if request.method == "POST":
        require_post(request.user, MANAGERS)
        form = ScheduleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.schedule_update(actor=request.user, task_id=data["task"], minute=data["minute"],
                                         hour=data["hour"], day_of_week=data["day_of_week"], enabled=data["enabled"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The schedule is saved."))
        else:
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("progress:run_list")
    page = Paginator(selectors.run_list(), 50).get_page(request.GET.get("page"))
    return render(request, "progress/run_list.html", {
        "page": page, "schedule": services.progress_schedule(), "can_manage": has_post(request.user, MANAGERS),
    })


# ---------------------------------------------------------------- targets


@login_required
def target_list(request):
    require_post(request.user, COUNTY_READERS | {"township_clerk"})
    year = _year(request)
    can_manage = has_post(request.user, MANAGERS)
    form = TargetImportForm(initial={"year": year})
    result = None
    if request.method == "POST":
        require_post(request.user, MANAGERS)
        form = TargetImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.target_import(actor=request.user, year=form.cleaned_data["year"],
                                                fileobj=upload, filename=upload.name)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if result.status == TargetImport.Status.ACCEPTED:
                    messages.success(request, _("All %(n)d rows are imported.") % {"n": result.imported})
                    return redirect(reverse("progress:target_list") + f"?year={result.year}&import={result.pk}")
                year = result.year
    import_id = int_param(request.GET, "import", minimum=1)
    if result is None and import_id and can_manage:  # the county's import records are the county's
        result = selectors.target_imports().filter(pk=import_id).first()
    targets = selectors.target_list(user=request.user, year=year)
    return render(request, "progress/target_list.html", {
        "year": year, "years": selectors.years_with_data(), "targets": targets, "form": form, "result": result,
        "can_manage": can_manage, "imports": selectors.target_imports(year=year)[:20] if can_manage else [],
        "milestones": selectors.milestones_for(year=year), "thresholds": selectors.thresholds_for(year=year),
    })


@login_required
def target_template(request):
    require_post(request.user, MANAGERS)
    year = _year(request)
    return xlsx_response(
        "%s-%d.xlsx" % (_("Targets"), year),
        sheets=[(_("Targets"), services.targets.column_headers(), services.template_rows(year=year))],
    )


@login_required
def target_import_errors(request, pk: int):
    require_post(request.user, MANAGERS)
    batch = get_object_or_404(TargetImport, pk=pk, status=TargetImport.Status.REJECTED)
    headers = services.targets.column_headers() + [_("Errors (row in the uploaded file)")]
    rows = ([*r["cells"], (_("Row %(row)d: ") % {"row": r["row"]}) + "；".join(r["errors"]) if r["errors"] else ""]
            for r in batch.error_rows)
    return xlsx_response(
        "%s-%d.xlsx" % (_("Target import errors"), batch.pk),
        sheets=[(_("Targets"), headers, rows)],
    )


@login_required
def milestones(request):
    require_post(request.user, MANAGERS)
    year = _year(request)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_set(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(reverse("progress:milestones") + f"?year={year}")
    current = selectors.thresholds_for(year=year)
    return render(request, "progress/milestones.html", {
        "year": year, "milestones": selectors.milestones_for(year=year), "form": form,
        "thresholds_form": ThresholdsForm(initial={"behind_points": current.behind_points,
                                                   "far_behind_points": current.far_behind_points}),
        "history": Milestone.objects.filter(year=year, retired_at__isnull=False),
    })


@login_required
@require_POST
def milestone_retire(request, pk: int):
    require_post(request.user, MANAGERS)
    milestone = get_object_or_404(Milestone, pk=pk)
    try:
        services.milestone_retire(actor=request.user, milestone=milestone)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The milestone is withdrawn."))
    return redirect(reverse("progress:milestones") + f"?year={milestone.year}")


@login_required
@require_POST
def thresholds(request):
    require_post(request.user, MANAGERS)
    year = _year(request)
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        try:
            services.thresholds_set(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The thresholds are saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("progress:milestones") + f"?year={year}")


# ---------------------------------------------------------------- bulletins


@login_required
def bulletin_list(request):
    require_post(request.user, READERS)
    if request.method == "POST":
        require_post(request.user, MANAGERS)
        year = _year(request)
        try:
            bulletin = services.bulletin_issue(actor=request.user, year=year)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Bulletin %(year)d-%(n)d is issued.") % {"year": year, "n": bulletin.number})
            return redirect("progress:bulletin_detail", pk=bulletin.pk)
    page = Paginator(selectors.bulletin_list(), 30).get_page(request.GET.get("page"))
    return render(request, "progress/bulletin_list.html", {
        "page": page, "can_manage": has_post(request.user, MANAGERS), "year": timezone.localdate().year,
    })


def _bulletin(request, pk: int) -> Bulletin:
    require_post(request.user, READERS)
    return get_object_or_404(Bulletin, pk=pk)


def _bulletin_rows(content):
    for r in content["ranking"]:
        yield {**r, "light_label": _light_label(r["light"])}


@login_required
def bulletin_detail(request, pk: int):
    bulletin = _bulletin(request, pk)
    c = bulletin.content
    rows = list(_bulletin_rows(c))
    return render(request, "progress/bulletin_detail.html", {
        "b": bulletin, "c": c, "rows": rows, "behind": [r for r in rows if r["code"] in c["behind"]],
        "day": datetime.date.fromisoformat(c["day"]),
        "due_on": datetime.date.fromisoformat(c["milestone"]["due_on"]) if c.get("milestone") else None,
    })


@login_required
def bulletin_xlsx(request, pk: int):
    bulletin = _bulletin(request, pk)
    c = bulletin.content
    rows = list(_bulletin_rows(c))

    def dec(v):
        return None if v is None else Decimal(v)

    ranking = [
        (r["rank"], r["code"], r["name"], r["target_paying"], r["paying"], dec(r["pct_target"]),
         dec(r["target_amount"]), dec(r["amount"]), r["enrolled"], r["eligible"], dec(r["enrolment_rate"]),
         r["light_label"], r["gap_persons"])
        for r in rows
    ]
    behind = [(r["rank"], r["name"], dec(r["pct_target"]), r["light_label"], r["gap_persons"])
              for r in rows if r["code"] in c["behind"]]
    title = _("Progress bulletin %(year)d, no. %(n)d, as of %(day)s") % {"year": bulletin.year, "n": bulletin.number,
                                                                          "day": c["day"]}
    milestone = c.get("milestone")
    subtitle = (_("Next milestone: %(share)s%% by %(date)s; expected today: %(expected)s%%")
                % {"share": milestone["share"], "date": milestone["due_on"], "expected": c["expected"]}
                if milestone else "")
    return xlsx_response(
        "%s-%d-%d.xlsx" % (_("Progress bulletin"), bulletin.year, bulletin.number),
        sheets=[
            (_("Ranking"), [_("Rank"), _("Code"), _("Township"), _("Target (persons)"), _("Paying"),
                            _("Target reached (%)"), _("Target (amount)"), _("Amount collected"), _("Enrolled"),
                            _("Eligible"), _("Enrolment rate (%)"), _("Status"), _("Gap to next milestone")],
             ranking),
            (_("Behind schedule"), [_("Rank"), _("Township"), _("Target reached (%)"), _("Status"),
                                    _("Gap to next milestone")], behind),
        ],
        title_rows=[title, subtitle],
    )

