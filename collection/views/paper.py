"""The counter's paper (issue 11 item 6): the A5 receipt (缴费凭证) of one contribution, printable after each
save and again from the lists, and the clerk's day-end sheet (日结单) for handing over the day's cash. Printed
through the page's data-print button (no inline script under the CSP)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.money import ZERO
from pension.params import date_param
from pension.permissions import BUSINESS_READERS, require_post

from .. import selectors
from ..services.contributions import ENTERERS


@login_required
def receipt(request, pk: int):
    require_post(request.user, BUSINESS_READERS)
    c = selectors.contribution_get(user=request.user, pk=pk)  # out of scope: 404
    components = [(label, amount) for label, amount in (
        (_("Personal contribution"), c.personal_amount), (_("Government-paid for hardship"), c.hardship_amount),
        (_("Central subsidy"), c.subsidy_central), (_("Provincial subsidy"), c.subsidy_provincial),
        (_("Municipal subsidy"), c.subsidy_municipal), (_("County subsidy"), c.subsidy_county),
        (_("Collective subsidy"), c.collective_amount), (_("Donation"), c.donation_amount)) if amount]
    return render(request, "collection/receipt.html", {"c": c, "components": components,
                                                       "printed_at": timezone.localtime()})


@login_required
def day_sheet(request):
    """The signed-in clerk's cash of one day (today by default), with the total to hand over."""
    require_post(request.user, ENTERERS)
    today = timezone.localdate()
    day = date_param(request.GET, "date", default=today, label=_("Date"))
    rows = list(selectors.clerk_cash_on(user=request.user, day=day))
    total = sum((c.personal_amount for c in rows), ZERO)
    return render(request, "collection/day_sheet.html", {"rows": rows, "day": day, "total": total,
                                                         "printed_at": timezone.localtime()})
