"""Browser pages for residents and enrolment: validate input, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pension import idnumber
from pension.errors import Conflict
from pension.excel import xlsx_response
from pension.forms import apply_service_errors, flash_error
from pension.models import AreaLevel
from pension.paging import IdFirstPaginator
from pension.params import BadParameter, int_param, normalise_digits
from pension.permissions import BUSINESS_READERS, COUNTY_BUSINESS, REGISTRARS, has_post, require_post
from pension.scope import scoped_areas

from . import selectors, services
from .forms import ResidentEditForm, ResidentForm, TerminationRejectForm, TerminationRequestForm
from .models import ResidentStanding
from .views_hardship import resident_hardship_context


def _looks_like_id_number(text: str) -> bool:
    return sum(ch in "0123456789" for ch in normalise_digits(text)) >= 6


@login_required
@require_POST
def resident_find(request):
    """Find one resident by ID number, sent in the body (never in a URL); open their page or say none is found."""
    require_post(request.user, BUSINESS_READERS)
    try:
        number = idnumber.parse(request.POST.get("id_number", "")).number
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("enrollment:resident_list")
    resident = selectors.resident_find_by_id_number(user=request.user, id_number=number)
    if resident is None:
        messages.error(request, _("No resident with this ID number in your area."))
        return redirect("enrollment:resident_list")
    return redirect("enrollment:resident_detail", pk=resident.pk)

def _filters(request):
    g = request.GET
    if _looks_like_id_number(g.get("q") or ""):
        # ID numbers never travel in a URL: the name box refuses them (the page has a POST box for them).
        raise BadParameter({"q": _("Search by ID number with the ID number box, not the name box.")})
    return {
        "township_code": g.get("township") or None,
        "village_id": int_param(g, "village", minimum=1, label=_("Village")),
        "status": g.get("status") or None,
        "q": g.get("q") or None,
    }


@login_required
def resident_list(request):
    require_post(request.user, BUSINESS_READERS)
    filters = _filters(request)
    qs = selectors.resident_list(user=request.user, **filters)
    page = IdFirstPaginator(qs, 50).get_page(request.GET.get("page"))
    areas = scoped_areas(request.user)
    villages = areas.filter(level=AreaLevel.VILLAGE).order_by("code")
    if filters["township_code"]:
        # Only the chosen township's villages: a county list of ~200 villages is no help.
        villages = villages.filter(township__code=filters["township_code"])
    return render(
        request,
        "enrollment/resident_list.html",
        {
            "page": page,
            "townships": areas.filter(level=AreaLevel.TOWNSHIP).order_by("code"),
            "villages": villages,
            "statuses": [*ResidentStanding.choices, (selectors.ELIGIBLE_NOT_ENROLLED, _("Eligible, not enrolled"))],
            "f": request.GET,
            "query": request.GET.copy().urlencode() if request.GET else "",
            "can_register": has_post(request.user, REGISTRARS),
        },
    )


@login_required
def resident_export(request):
    require_post(request.user, BUSINESS_READERS)
    qs = selectors.resident_list(user=request.user, **_filters(request))
    today = timezone.localdate()
    headers = [_("Name"), _("ID number"), _("Gender"), _("Age"), _("Township"), _("Village"),
               _("Natural village"), _("Hardship category"), _("Phone"), _("Bank account"), _("Enrolment status")]
    rows = (
        (r.name, idnumber.mask(r.id_number), r.get_gender_display(), idnumber.age_on(r.birth_date, today),
         r.township.name, r.village.name,
         r.natural_village.name if r.natural_village else "", r.get_hardship_display(), r.phone,
         idnumber.mask_account(r.bank_account), r.get_enrolment_status_display())
        for r in qs.iterator(chunk_size=2000)
    )
    stamp = timezone.localdate().isoformat()
    return xlsx_response(
        f"{_('Residents')}-{stamp}.xlsx",
        sheets=[(_("Residents"), headers, rows)],
        title_rows=[_("Resident roster, exported %(date)s by %(user)s") % {"date": stamp, "user": request.user}],
    )


@login_required
def natural_village_options(request):
    """htmx: the <option>s of the natural villages of the chosen village (in the user's scope)."""
    require_post(request.user, BUSINESS_READERS)
    village = int_param(request.GET, "village", minimum=1, label=_("Village"))
    naturals = (
        scoped_areas(request.user, AreaLevel.NATURAL).filter(parent_id=village).order_by("code")
        if village
        else []
    )
    return render(request, "enrollment/natural_village_options.html", {"naturals": naturals})


@login_required
@require_POST
def id_number_check(request):
    """htmx, while the clerk types: what the ID number says (birth date, gender) or what is wrong with it.
    Only the number is parsed; no register is searched. POST, since ID numbers never travel in a URL."""
    require_post(request.user, REGISTRARS)
    raw = request.POST.get("id_number", "")
    info = error = None
    if len(idnumber.normalize(raw)) >= 18:
        try:
            info = idnumber.parse(raw)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "enrollment/id_number_check.html", {"info": info, "error": error})


@login_required
def resident_create(request):
    require_post(request.user, REGISTRARS)
    form = ResidentForm(request.POST or None, user=request.user)
    existing = None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["id_number"]
        try:
            resident = services.resident_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            if isinstance(exc, Conflict):
                # Already registered in the clerk's own area: offer the way to that record (None otherwise).
                existing = selectors.resident_find_by_id_number(user=request.user, id_number=number)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": resident.name})
            return redirect("enrollment:resident_detail", pk=resident.pk)
    return render(request, "enrollment/resident_form.html", {"form": form, "creating": True, "existing": existing})


@login_required
def resident_detail(request, pk: int):
    require_post(request.user, BUSINESS_READERS)
    resident = selectors.resident_get(user=request.user, pk=pk)
    return render(
        request,
        "enrollment/resident_detail.html",
        {
            "resident": resident,
            "enrollments": selectors.enrollment_list(user=request.user, resident_id=resident.pk),
            "open_enrollment": selectors.enrollment_open_for(resident=resident),
            "can_write": has_post(request.user, REGISTRARS),
            "can_reveal": has_post(request.user, services.ID_REVEALERS),
            # No initial values: the reason, the date and the evidence are always entered (issue 11 item 2).
            "termination_form": TerminationRequestForm(),
            "open_termination": selectors.termination_open_for(resident=resident),
            "reject_form": TerminationRejectForm(auto_id="id_reject_%s"),
            "can_check": has_post(request.user, COUNTY_BUSINESS),
            **resident_hardship_context(request, resident),
        },
    )


@login_required
def resident_edit(request, pk: int):
    require_post(request.user, REGISTRARS)
    resident = selectors.resident_get(user=request.user, pk=pk)
    # The bank account is masked here as on the detail page (issue 11): the field starts empty, shows the masked
    # number, and an empty field keeps the account on record; a number typed in replaces it.
    initial = {f: getattr(resident, f) for f in services.EDITABLE_FIELDS if f != "bank_account"}
    form = ResidentEditForm(request.POST or None, user=request.user, initial=initial)
    if resident.bank_account:
        form.fields["bank_account"].widget.attrs["placeholder"] = idnumber.mask_account(resident.bank_account)
        form.fields["bank_account"].help_text = _("On record: %(account)s. Leave empty to keep it; type a new "
                                                  "number to replace it.") % {
            "account": idnumber.mask_account(resident.bank_account)}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        if not (data.get("bank_account") or "").strip():
            data.pop("bank_account", None)
        try:
            services.resident_update(actor=request.user, resident=resident, reason=reason, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("enrollment:resident_detail", pk=resident.pk)
    return render(request, "enrollment/resident_form.html", {"form": form, "resident": resident})


@login_required
@require_POST
def enrollment_create(request, pk: int):
    require_post(request.user, REGISTRARS)
    resident = selectors.resident_get(user=request.user, pk=pk)
    try:
        enrollment = services.enrollment_create(actor=request.user, resident=resident)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("%(name)s is enrolled.") % {"name": resident.name})
        notice = services.enrolment_age_notice(resident=resident, on=enrollment.enrolled_on)
        if notice:
            messages.warning(request, notice)
    return redirect("enrollment:resident_detail", pk=resident.pk)


def home_panel(request) -> str:
    """The home page's residents panel: counts in the user's area, a name search, per township for the county."""
    return render_to_string(
        "enrollment/home_panel.html",
        {"stats": selectors.resident_stats(user=request.user), "can_register": has_post(request.user, REGISTRARS)},
        request=request,
    )
