"""Progress page: the county splits a township's collection target to its villages (issue 11 item 10)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pension import outbox
from pension.forms import apply_service_errors
from pension.params import is_ascii_digits
from pension.permissions import require_post

from .. import selectors, services
from ..apps import MANAGERS, READERS
from ..forms import TargetSplitForm
from .common import year_of


def _typed_sum(form: TargetSplitForm) -> int | None:
    """The sum of the numbers in the form (typed, or the current targets), None if one is not a whole number;
    the page's script keeps it up to date as the officer types."""
    total = 0
    for name in form.village_fields:
        value = str(form[name].value() or "").strip()
        if not value:
            continue
        if not is_ascii_digits(value):
            return None
        total += int(value)
    return total


def _difference(typed_sum: int | None, own) -> dict:
    """The words for how far the villages' sum is from the township's target: the page's script fills {n} as
    the officer types (data-diff-of), the text is the one for the figures as the page comes."""
    words = {"more": _("%(n)s persons over the township's target") % {"n": "{n}"},
             "less": _("%(n)s persons short of the township's target") % {"n": "{n}"},
             "equal": _("Equal to the township's target")}
    if typed_sum is None or own is None:
        return {**words, "text": "—"}
    diff = typed_sum - own.paying_target
    text = words["equal"] if diff == 0 else words["more" if diff > 0 else "less"].replace("{n}", str(abs(diff)))
    return {**words, "text": text}


@login_required
def township_split(request, code: str):
    require_post(request.user, READERS)
    township = selectors.township_for(user=request.user, code=code)  # out of scope: 404
    require_post(request.user, MANAGERS, _("Only county business officers change targets, milestones and "
                                           "thresholds."))
    year = year_of(request)
    villages = selectors.village_targets(township=township, year=year)
    own = selectors.township_target(township=township, year=year)
    form = TargetSplitForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        shares = {name: form.cleaned_data[name] for name in form.village_fields}
        try:
            result = services.target_split(actor=request.user, township=township, year=year, shares=shares,
                                           reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if result.run is None:
                messages.info(request, _("The villages' targets are unchanged."))
            else:
                outbox.announce(request, result.run, _(
                    "The villages' targets are saved (%(n)d changed); the progress figures are being recomputed.")
                    % {"n": len(result.changed)})
            return redirect(reverse("progress:township", args=[township.code]) + f"?year={year}")
    rows = [{"village": village, "target": target, "field": form[village.code]} for village, target in villages]
    typed_sum = _typed_sum(form)
    return render(request, "progress/township_split.html", {
        "year": year, "area": township, "own": own, "rows": rows, "form": form, "typed_sum": typed_sum,
        "difference": _difference(typed_sum, own),
    })
