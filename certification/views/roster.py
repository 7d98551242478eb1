"""The roster per township / village / natural village (page, Excel, printable), and the campaigns."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension import outbox
from pension.excel import xlsx_response
from pension.models import AreaLevel
from pension.permissions import has_post, require_post
from pension.scope import scoped_areas

from .. import selectors, services
from ..apps import COUNTY, READERS
from ..forms import CampaignDatesForm, CampaignForm, RosterFilterForm
from ..models import EntryStatus
from .common import error_text


def _age(birth, today):
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _campaign(request):
    pk = request.GET.get("campaign")
    campaign = selectors.campaign_get(pk=pk) if pk else selectors.campaign_current()
    return campaign


def _roster(request):
    campaign = _campaign(request)
    if campaign is None:
        return None, None, {}
    form = RosterFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.roster(user=request.user, campaign=campaign, township_id=f.get("township"),
                          village_id=f.get("village"), natural_village_id=f.get("natural_village"),
                          status=f.get("status") or None)
    return campaign, qs, f


@login_required
def roster(request):
    require_post(request.user, READERS)
    campaign, qs, f = _roster(request)
    if campaign is None:
        return render(request, "certification/roster.html", {"campaign": None})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    areas = scoped_areas(request.user)
    today = timezone.localdate()
    for e in page:
        e.age = _age(e.resident.birth_date, today)
    return render(request, "certification/roster.html", {
        "campaign": campaign, "page": page, "counts": selectors.roster_counts(qs), "f": f,
        "query": query.urlencode(), "statuses": EntryStatus.choices, "campaigns": selectors.campaign_list(),
        "townships": areas.filter(level=AreaLevel.TOWNSHIP), "villages": areas.filter(level=AreaLevel.VILLAGE),
        "naturals": areas.filter(level=AreaLevel.NATURAL, parent_id=f.get("village")) if f.get("village") else [],
    })


def _rows(qs, today):
    for e in qs.iterator(chunk_size=2000):
        yield [e.township.name, e.village.name, e.natural_village.name if e.natural_village else "",
               e.resident.name, e.resident.get_gender_display(), _mask(e.resident.id_number),
               _age(e.resident.birth_date, today), e.get_status_display(),
               e.certified_on.isoformat() if e.certified_on else "", e.record.get_mode_display() if e.record else "",
               str(e.record.recorded_by) if e.record else "",
               e.last_certified_on.isoformat() if e.last_certified_on else ""]


def _mask(number):
    from pension.idnumber import mask

    return mask(number)


HEADERS = lambda: [_("Township"), _("Village"), _("Natural village"), _("Name"), _("Gender"),  # noqa: E731
                   _("ID number"), _("Age"), _("Status"), _("Certified on"), _("Mode"), _("Certified by"),
                   _("Last certified on")]


@login_required
def roster_export(request):
    require_post(request.user, READERS)
    campaign, qs, _f = _roster(request)
    if campaign is None:
        raise Http404
    title = _("Certification roster %(year)s") % {"year": campaign.year}
    return xlsx_response(_("Certification roster") + f"-{campaign.year}.xlsx",
                         sheets=[(str(campaign.year), HEADERS(), _rows(qs, timezone.localdate()))],
                         title_rows=[title])


@login_required
def roster_print(request):
    require_post(request.user, READERS)
    campaign, qs, _f = _roster(request)
    if campaign is None:
        raise Http404
    today = timezone.localdate()
    groups = {}
    for e in qs[:20000]:
        e.age = _age(e.resident.birth_date, today)
        key = (e.village, e.natural_village)
        groups.setdefault(key, []).append(e)
    return render(request, "certification/roster_print.html", {
        "campaign": campaign, "groups": [(v, n, rows) for (v, n), rows in groups.items()], "today": today})


@login_required
def campaign_list(request):
    require_post(request.user, READERS)
    form = None
    if has_post(request.user, COUNTY):
        today = timezone.localdate()
        form = CampaignForm(request.POST or None, initial={"year": today.year + (today.month > 6),
                                                            "starts_on": datetime.date(today.year, 5, 1),
                                                            "ends_on": datetime.date(today.year, 6, 30)})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                campaign = services.campaign_create(actor=request.user, year=d["year"], starts_on=d["starts_on"],
                                                    ends_on=d["ends_on"])
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("Campaign %(year)s opened with %(n)s people due.")
                                 % {"year": campaign.year, "n": campaign.entries.count()})
                return redirect("certification:campaign_list")
    elif request.method == "POST":
        require_post(request.user, COUNTY)
    campaigns = list(selectors.campaign_list())
    for c in campaigns:
        c.counts = selectors.roster_counts(selectors.roster(user=request.user, campaign=c))
    return render(request, "certification/campaign_list.html", {
        "campaigns": campaigns, "form": form, "runs": selectors.notice_runs(kind="deadline")[:10],
        "today": timezone.localdate()})


@login_required
@require_POST
def campaign_edit(request, pk):
    require_post(request.user, COUNTY)
    campaign = selectors.campaign_get(pk=pk)
    form = CampaignDatesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter both dates as YYYY-MM-DD."))
        return redirect("certification:campaign_list")
    d = form.cleaned_data
    try:
        services.campaign_update(actor=request.user, campaign=campaign, starts_on=d["starts_on"],
                                 ends_on=d["ends_on"], reason=d["reason"])
        if request.POST.get("refresh"):
            services.campaign_roster_refresh(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Campaign %(year)s saved.") % {"year": campaign.year})
    return redirect("certification:campaign_list")


@login_required
@require_POST
def campaign_refresh(request, pk):
    require_post(request.user, COUNTY)
    campaign = selectors.campaign_get(pk=pk)
    added = services.campaign_roster_refresh(actor=request.user, campaign=campaign)
    messages.success(request, _("%(n)s people added to the roster.") % {"n": added})
    return redirect("certification:campaign_list")


@login_required
@require_POST
def campaign_deadline(request, pk):
    require_post(request.user, COUNTY)
    campaign = selectors.campaign_get(pk=pk)
    try:
        run = services.deadline_request(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        outbox.announce(request, run, _("The deadline run is queued."))
    return redirect("certification:suspended", pk=campaign.pk)


@login_required
def suspended(request, pk):
    """Who the deadline suspended, per township."""
    require_post(request.user, READERS)
    campaign = selectors.campaign_get(pk=pk)
    groups = {}
    today = timezone.localdate()
    for e in selectors.suspended_at_deadline(user=request.user, campaign=campaign):
        e.age = _age(e.resident.birth_date, today)
        groups.setdefault(e.township, []).append(e)
    return render(request, "certification/suspended.html", {"campaign": campaign, "groups": list(groups.items())})
