"""Progress pages: bulletins (issued weekly or on demand), on screen and as Excel."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.excel import xlsx_response
from pension.forms import flash_error
from pension.permissions import has_post, require_post

from .. import selectors, services
from ..apps import MANAGERS, READERS
from ..models import Bulletin
from .common import light_label, year_of


@login_required
def bulletin_list(request):
    require_post(request.user, READERS)
    if request.method == "POST":
        require_post(request.user, MANAGERS)
        year = year_of(request)
        try:
            bulletin = services.bulletin_issue(actor=request.user, year=year)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Bulletin %(year)d-%(n)d is issued.") % {"year": year, "n": bulletin.number})
            return redirect("progress:bulletin_detail", pk=bulletin.pk)
    page = Paginator(selectors.bulletin_list(), 30).get_page(request.GET.get("page"))
    return render(request, "progress/bulletin_list.html", {
        "page": page, "can_manage": has_post(request.user, MANAGERS), "year": timezone.localdate().year,
    })


def _bulletin(request, pk: int) -> Bulletin:
    require_post(request.user, READERS)
    return selectors.bulletin_or_404(pk=pk)


def _bulletin_rows(content):
    for r in content["ranking"]:
        yield {**r, "light_label": light_label(r["light"])}


@login_required
def bulletin_detail(request, pk: int):
    bulletin = _bulletin(request, pk)
    c = bulletin.content
    rows = list(_bulletin_rows(c))
    return render(request, "progress/bulletin_detail.html", {
        "b": bulletin, "c": c, "rows": rows, "county_name": _county_name(c),
        "behind": [r for r in rows if r["code"] in c["behind"]],
        "day": datetime.date.fromisoformat(c["day"]),
        "due_on": datetime.date.fromisoformat(c["milestone"]["due_on"]) if c.get("milestone") else None,
    })


def _county_name(content: dict) -> str:
    """The county's name as frozen in the bulletin (bulletins issued before it was kept: the county's name now)."""
    if content.get("county_name"):
        return content["county_name"]
    return selectors.county_name()


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
    title = _county_name(c) + _("Progress bulletin %(year)d, no. %(n)d, as of %(day)s") % {
        "year": bulletin.year, "n": bulletin.number, "day": c["day"]}
    milestone = c.get("milestone")
    subtitle = (_("Next milestone: %(share)s%% by %(date)s; expected today: %(expected)s%%")
                % {"share": milestone["share"], "date": milestone["due_on"], "expected": c["expected"]}
                if milestone else "")
    return xlsx_response(
        "%s%s-%d-%d.xlsx" % (_county_name(c), _("Progress bulletin"), bulletin.year, bulletin.number),
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
