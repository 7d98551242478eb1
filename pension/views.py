from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Area, AreaLevel, Post, User
from .permissions import STAFF_ADMINS, has_post
from .todos import todos_for


def home_panels(request) -> list[str]:
    """Each app's AppConfig may list `home_panels` as (dotted path of a function(request) -> HTML, posts);
    the kernel shows those open to the user's post, without importing any app."""
    panels = []
    for config in apps.get_app_configs():
        for path, posts in getattr(config, "home_panels", ()):
            if request.user.post in posts:
                panels.append(import_string(path)(request))
    return panels


@login_required
def home(request):
    context = {"panels": home_panels(request), "todos": todos_for(request.user)}
    if has_post(request.user, STAFF_ADMINS):
        # The administrator manages accounts and areas and sees no residents' data.
        counts = dict(Area.objects.values_list("level").annotate(n=Count("id")))
        context["area_counts"] = [(label, counts.get(value, 0)) for value, label in AreaLevel.choices]
        context["staff"] = User.objects.select_related("area").order_by("post", "username")
        context["post_labels"] = dict(Post.choices)
    return render(request, "home.html", context)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lock-out answer: the Chinese page for the browser, the error envelope for the API."""
    helpers = [str(u) for u in User.objects.filter(post=Post.ADMIN, is_active=True).order_by("username")[:5]]
    message = _("Too many failed log-in attempts. Try again in 15 minutes, or ask the county administrator "
                "(%(names)s) to unlock the account.") % {"names": "、".join(helpers) or "—"}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message), "errors": {}}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
