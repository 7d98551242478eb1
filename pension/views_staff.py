"""Staff accounts in the application (issue 11 item 8): the administrator creates staff for a post and area,
deactivates them, resets a password (changed by the user at the next log-in), unlocks a locked-out account and
reads the log-in history. These pages show accounts only, never residents' data."""

from axes.models import AccessAttempt, AccessLog
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .forms import apply_service_errors, flash_error
from .models import Area, AreaLevel, Post, User
from .permissions import STAFF_ADMINS, require_post


class StaffForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Log-in name"), max_length=150)
    display_name = forms.CharField(label=gettext_lazy("Real name"), max_length=50)
    post = forms.ChoiceField(label=gettext_lazy("Post"), choices=Post.choices)
    area = forms.ChoiceField(label=gettext_lazy("Area"))
    password = forms.CharField(label=gettext_lazy("Temporary password"), max_length=128,
                               widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.exclude(level=AreaLevel.NATURAL).order_by("code")
        self.fields["area"].choices = [("", "—")] + [
            (a.code, f"{a.get_level_display()} {a.name} {a.code}") for a in areas]


class PasswordForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Temporary password"), max_length=128,
                               widget=forms.PasswordInput(render_value=False))


def _staff(pk: int) -> User:
    return get_object_or_404(User.objects.select_related("area"), pk=pk)


@login_required
def staff_list(request):
    require_post(request.user, STAFF_ADMINS)
    locked = {a.username for a in AccessAttempt.objects.all().only("username")}
    staff = User.objects.select_related("area").order_by("-is_active", "post", "username")
    return render(request, "staff/staff_list.html", {"staff": staff, "locked": locked,
                                                     "password_form": PasswordForm()})


@login_required
def staff_new(request):
    require_post(request.user, STAFF_ADMINS)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.staff_create(actor=request.user, username=d["username"].strip(),
                                         display_name=d["display_name"].strip(), post=d["post"],
                                         area_code=d["area"], password=d["password"], must_change_password=True)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s can log in as %(username)s and must change the password at the "
                                        "first log-in.") % {"name": user, "username": user.username})
            return redirect("staff:list")
    return render(request, "staff/staff_form.html", {"form": form})


def _act(request, pk, fn, success, **kwargs):
    require_post(request.user, STAFF_ADMINS)
    user = _staff(pk)
    try:
        fn(actor=request.user, user=user, **kwargs)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, success % {"name": user})
    return redirect("staff:list")


@login_required
@require_POST
def staff_deactivate(request, pk: int):
    return _act(request, pk, services.staff_deactivate, _("%(name)s is deactivated."))


@login_required
@require_POST
def staff_unlock(request, pk: int):
    return _act(request, pk, services.staff_unlock, _("%(name)s is unlocked and can log in again."))


@login_required
@require_POST
def staff_password(request, pk: int):
    return _act(request, pk, services.staff_password_reset,
                _("The password of %(name)s is reset; they must change it at the next log-in."),
                password=request.POST.get("password", ""))


@login_required
def staff_logins(request):
    require_post(request.user, STAFF_ADMINS)
    logins = AccessLog.objects.order_by("-attempt_time")[:300]
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:100]
    return render(request, "staff/logins.html", {"logins": logins, "attempts": attempts})


class PasswordChange(auth_views.PasswordChangeView):
    """The user's own password change; it ends the obligation set by the administrator."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.staff_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password is changed."))
        return response
