"""Browser pages of the two-person hardship category change (issue 10 item 6): ask on the resident's page,
confirm or reject in the county's queue (or on the resident's page), withdraw by the requester; the county's
upload of the civil-affairs and disability-federation lists. Views validate and call
enrollment/hardship_changes.py and enrollment/hardship_import.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pension.excel import xlsx_response
from pension.forms import flash_error
from pension.permissions import COUNTY_BUSINESS, REGISTRARS, has_post, require_post
from pension.step_views import step_view

from . import hardship_changes, hardship_import, selectors
from .forms import HardshipChangeForm, HardshipImportForm, TerminationRejectForm
from .models import HardshipImport


def _resident_page(obj) -> str:
    return reverse("enrollment:resident_detail", args=[getattr(obj, "resident_id", obj.pk)])


# Ask for a resident's category to change (pk: the resident).
hardship_change_request = step_view(
    posts=REGISTRARS, get=selectors.resident_get, form_class=HardshipChangeForm, back=_resident_page,
    run=lambda actor, resident, **data: hardship_changes.hardship_change_request(actor=actor, resident=resident,
                                                                                  **data),
    done=lambda resident: _("The hardship category change is requested. It takes effect only when a county "
                            "business officer other than you confirms it; until then the resident pays as before."))

hardship_change_confirm = step_view(
    posts=COUNTY_BUSINESS, get=selectors.hardship_change_get, back=_resident_page,
    run=lambda actor, change: hardship_changes.hardship_change_confirm(actor=actor, change=change),
    done=lambda change: _("The hardship category of %(name)s is changed to %(category)s from now on.")
    % {"name": change.resident.name, "category": change.get_to_category_display()})

hardship_change_reject = step_view(
    posts=COUNTY_BUSINESS, get=selectors.hardship_change_get, form_class=TerminationRejectForm, back=_resident_page,
    run=lambda actor, change, reason: hardship_changes.hardship_change_reject(actor=actor, change=change,
                                                                              note=reason),
    done=lambda change: _("The hardship category change of %(name)s is rejected; the category stays as it was.")
    % {"name": change.resident.name})

hardship_change_withdraw = step_view(
    posts=REGISTRARS, get=selectors.hardship_change_get, back=_resident_page,
    run=lambda actor, change: hardship_changes.hardship_change_withdraw(actor=actor, change=change),
    done=lambda change: _("The hardship category change is withdrawn; the category stays as it was."))


@login_required
def hardship_queue(request):
    """Hardship changes awaiting confirmation in the user's area, oldest first (the county confirms here)."""
    require_post(request.user, REGISTRARS)
    return render(request, "enrollment/hardship_queue.html", {
        "waiting": list(selectors.hardship_change_list(user=request.user)[:200]),
        "can_check": has_post(request.user, COUNTY_BUSINESS),
        "can_import": has_post(request.user, COUNTY_BUSINESS),
    })


@login_required
def hardship_import_list(request):
    """Upload a list (county business officers) and see the last uploads."""
    require_post(request.user, COUNTY_BUSINESS)
    form = HardshipImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            flash_error(request, form)
            return redirect("enrollment:hardship_import_list")
        try:
            record = hardship_import.hardship_list_import(actor=request.user, source=form.cleaned_data["source"],
                                                          upload=form.cleaned_data["file"])
        except ValidationError as exc:
            flash_error(request, exc)
            return redirect("enrollment:hardship_import_list")
        return redirect("enrollment:hardship_import_detail", pk=record.pk)
    return render(request, "enrollment/hardship_import_list.html", {
        "form": form, "imports": selectors.hardship_imports(user=request.user)[:20]})


@login_required
def hardship_import_detail(request, pk: int):
    require_post(request.user, COUNTY_BUSINESS)
    record = selectors.hardship_import_get(user=request.user, pk=pk)
    return render(request, "enrollment/hardship_import_detail.html", {
        "record": record,
        "changes": selectors.hardship_change_list(user=request.user, status=None, source_import_id=record.pk)[:500],
    })


@login_required
def hardship_import_errors(request, pk: int):
    """The rejected list's bad rows as a workbook: correct them and upload the whole file again."""
    require_post(request.user, COUNTY_BUSINESS)
    record = selectors.hardship_import_get(user=request.user, pk=pk)
    if record.status != HardshipImport.Status.REJECTED:
        raise Http404
    rows = ([r["row"], r["name"], r["id"], r["category"], "；".join(r["errors"])] for r in record.error_rows)
    return xlsx_response(_("Hardship list errors") + f"-{record.pk}.xlsx", title_rows=[
        _("Nothing was imported: correct these rows and upload the whole file again.")], sheets=[(
            _("Errors"), [_("Row"), _("Name"), _("ID number"), _("Hardship category"), _("Errors")], rows)])


@login_required
def hardship_import_template(request):
    require_post(request.user, COUNTY_BUSINESS)
    return xlsx_response(_("Hardship list template") + ".xlsx", sheets=[(
        _("Hardship list"), list(hardship_import.TEMPLATE_HEADERS), [])])


def resident_hardship_context(request, resident) -> dict:
    """What the resident's page shows of the category: the open request (with its buttons) and the form."""
    if not has_post(request.user, REGISTRARS):
        return {"open_hardship": selectors.hardship_change_open_for(resident=resident)}
    return {
        "open_hardship": selectors.hardship_change_open_for(resident=resident),
        "hardship_form": HardshipChangeForm(current=resident.hardship),
        "hardship_reject_form": TerminationRejectForm(auto_id="id_hs_reject_%s"),
    }
