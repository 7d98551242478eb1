"""A resident's payments (issue 11 item 4): every contribution, the account balance by component and links to the
yearly statement and to the entry screen (收费). The resident's registration page stays in enrollment."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from enrollment import selectors as enrollment_selectors
from funds import selectors as funds_selectors
from funds.models import Component
from pension.permissions import BUSINESS_READERS, has_post, require_post

from .. import selectors
from ..services.contributions import ENTERERS


@login_required
def resident_payments(request, pk: int):
    require_post(request.user, BUSINESS_READERS)
    resident = enrollment_selectors.resident_get(user=request.user, pk=pk)  # out of scope: 404
    payments = selectors.contribution_list(user=request.user, resident_id=resident.pk).order_by("-year", "-id")
    labels = dict(Component.choices)
    components = [(labels.get(c, c), amount) for c, amount in
                  funds_selectors.account_components_of(resident_id=resident.pk).items()]
    balance = funds_selectors.account_balances_by_resident(resident_ids=[resident.pk]).get(resident.pk)
    return render(request, "collection/resident_payments.html", {
        "resident": resident, "payments": payments, "components": components, "balance": balance,
        "can_charge": has_post(request.user, ENTERERS) and resident.enrolment_status == "active",
    })
