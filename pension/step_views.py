"""One step of a two-person request from a browser button (ask, confirm, reject, withdraw): the view every such
step wrote again, written once. The view checks the post, fetches the object through a scoped selector (404
outside the user's area), validates the step's form if it has one, calls the service, shows a refusal
(ValidationError, PermissionDenied) or the success message above the page, and goes back to where the button
was pressed (`next`, never off the site) or to the object's page."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import flash_error
from .permissions import require_post


def back_to(request, fallback: str):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def refused(request, exc) -> None:
    if isinstance(exc, ValidationError):
        flash_error(request, exc)
    else:
        messages.error(request, str(exc) or _("You may not do this."))


def step_view(*, posts, get: Callable, run: Callable, done: Callable, back: Callable, form_class=None):
    """A POST-only view `view(request, pk)`: `get(user=, pk=)` the object in scope, `run(actor, obj, **form
    data)` the service, `done(obj)` the success message, `back(obj)` the page to return to."""

    @login_required
    @require_POST
    def view(request, pk: int):
        require_post(request.user, posts)
        obj = get(user=request.user, pk=pk)
        data = {}
        if form_class is not None:
            form = form_class(request.POST, request.FILES)
            if not form.is_valid():
                flash_error(request, form)
                return back_to(request, back(obj))
            data = form.cleaned_data
        try:
            run(request.user, obj, **data)
        except (ValidationError, PermissionDenied) as exc:
            refused(request, exc)
        else:
            messages.success(request, done(obj))
        return back_to(request, back(obj))

    return view
