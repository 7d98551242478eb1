"""Progress pages: the dashboard, a township's villages, a village's work list, computing and its runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from pension import idnumber, outbox
from pension.excel import xlsx_response
from pension.forms import flash_error
from pension.models import AreaLevel
from pension.permissions import has_post, require_post
from pension.scope import user_level

from .. import charts, selectors, services
from ..apps import COUNTY_READERS, MANAGERS, READERS
from ..forms import ScheduleForm
from .common import light_label, rows_with_light, year_of


@login_required
def dashboard(request):
    require_post(request.user, READERS)
    year = year_of(request)
    day = selectors.latest_day(year=year)
    schedule = selectors.schedule_for(year=year)
    ranking = rows_with_light(selectors.township_ranking(year=year, day=day), schedule) if day else []
    county = selectors.county_row(year=year, day=day) if day else None
    user = request.user
    own_township = user.area.township if user_level(user) == AreaLevel.TOWNSHIP and user.area else None
    own_village = user.area if user_level(user) == AreaLevel.VILLAGE else None
    drill_all = user_level(user) == AreaLevel.COUNTY
    chart = charts.dashboard_chart(year=year, ranking=ranking, schedule=schedule, drill_all=drill_all,
                                   own_township=own_township)
    return render(request, "progress/dashboard.html", {
        "year": year, "years": selectors.years_with_data(), "day": day, "schedule": schedule,
        "county": county, "county_light": light_label(schedule.light(county.pct_target)) if county else "",
        "county_light_key": schedule.light(county.pct_target) if county else "none", "labels": charts.labels(),
        "county_gap": schedule.gap_persons(target=county.target_paying, paying=county.paying) if county else None,
        "ranking": ranking, "chart": chart, "last_run": selectors.run_latest(year=year),
        "can_manage": has_post(user, MANAGERS), "can_drill_all": drill_all,
        "own_township": own_township, "own_village": own_village,
    })


@login_required
def township(request, code: str):
    require_post(request.user, READERS)
    year = year_of(request)
    area = selectors.township_for(user=request.user, code=code)
    day = selectors.latest_day(year=year)
    schedule = selectors.schedule_for(year=year)
    rows = rows_with_light(selectors.village_rows(user=request.user, year=year, day=day, township=area), schedule) \
        if day else []
    hist = list(selectors.history(year=year, area=area))
    total = next((h for h in hist if h.day == day), None) if day else None
    chart = charts.township_chart(year=year, area=area, rows=rows, history=hist, schedule=schedule)
    return render(request, "progress/township.html", {
        "year": year, "area": area, "day": day, "schedule": schedule, "rows": rows, "total": total,
        "total_light": light_label(schedule.light(total.pct_target)) if total else "", "chart": chart,
        "total_light_key": schedule.light(total.pct_target) if total else "none", "labels": charts.labels(),
        "can_split": has_post(request.user, MANAGERS),
    })


def _worklist(request, pk: int):
    require_post(request.user, READERS)
    year = year_of(request)
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
def township_worklist_export(request, code: str):
    """Everyone of the township enrolled and not yet paid for the year, every village in one Excel file."""
    require_post(request.user, READERS)
    year = year_of(request)
    area = selectors.township_for(user=request.user, code=code)
    qs = selectors.township_worklist(user=request.user, year=year, township=area)
    today = timezone.localdate()
    headers = [_("Village (community)"), pgettext("resident", "Name"), _("ID number"), _("Gender"), _("Age"),
               _("Natural village"), _("Phone"), _("Hardship category"), _("Paid last year")]
    rows = (
        (r.village.name, r.name, idnumber.mask(r.id_number), _("Female") if r.gender == "F" else _("Male"),
         idnumber.age_on(r.birth_date, today), r.natural_village.name if r.natural_village else "", r.phone,
         r.get_hardship_display(), _("Yes") if r.paid_last_year else _("No"))
        for r in qs.iterator(chunk_size=2000)
    )
    stamp = today.isoformat()
    title = _("%(township)s: enrolled but not yet paid for %(year)d") % {"township": area.name, "year": year}
    return xlsx_response(
        "%s-%s-%d-%s.xlsx" % (_("Unpaid list"), area.name, year, stamp),
        sheets=[(_("Unpaid list"), headers, rows)],
        title_rows=[title, _("Exported %(date)s by %(user)s") % {"date": stamp, "user": request.user}],
    )


@login_required
@require_POST
def compute(request):
    require_post(request.user, MANAGERS)
    year = year_of(request)
    try:
        run = services.progress_run_request(actor=request.user, year=year)
    except ValidationError as exc:
        flash_error(request, exc)
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
                flash_error(request, exc)
            else:
                messages.success(request, _("The schedule is saved."))
        else:
            flash_error(request, form)
        return redirect("progress:run_list")
    page = Paginator(selectors.run_list(), 50).get_page(request.GET.get("page"))
    return render(request, "progress/run_list.html", {
        "page": page, "schedule": services.progress_schedule(), "can_manage": has_post(request.user, MANAGERS),
    })
