"""One deposit voucher entered in a form by county finance (issue 11 item 7); the Excel upload stays for batches.
The form goes through the same service as the API and the upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pension.forms import apply_service_errors
from pension.money import format_yuan
from pension.permissions import require_post

from . import selectors, services
from .forms import DepositEntryForm
from .models import DepositSource
from .permissions import DEPOSIT_WRITERS


@login_required
def deposit_new(request):
    require_post(request.user, DEPOSIT_WRITERS)
    townships = list(selectors.townships_for(user=request.user))
    form = DepositEntryForm(request.POST or None, townships=townships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        township = next(t for t in townships if t.code == data["township"])
        try:
            deposit = services.deposit_record(actor=request.user, township=township, date=data["date"],
                                              amount=data["amount"], voucher_number=data["voucher_number"],
                                              source=DepositSource.FORM)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Voucher %(number)s of %(township)s, %(amount)s, is recorded.")
                             % {"number": deposit.voucher_number, "township": township.name,
                                "amount": format_yuan(deposit.amount)})
            if "another" in request.POST:
                return redirect("funds:deposit_new")
            return redirect("funds:deposit_list")
    return render(request, "funds/deposit_new.html", {"form": form})
