"""Area scope: the ONE place that decides which rows a user may read or write.

Every selector, page, API view, filter and export passes its queryset through `scope_queryset`.
A scoped model declares `SCOPE_PATHS`: for the township and village levels, the lookup(s) that tie
a row to the user's area, e.g. {"township": "township_id", "village": "village_id"}. Several lookups
for a level are OR-ed. County posts see the whole county (the installation serves one county).
Anything outside scope is simply absent, so a guessed id answers 404, never another township's data.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Area, AreaLevel
from .models.staff import POST_LEVEL


def user_level(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.post:
        return None
    return POST_LEVEL.get(user.post)


def scope_queryset(user, queryset: QuerySet) -> QuerySet:
    paths = getattr(queryset.model, "SCOPE_PATHS", None)
    if paths is None:
        raise ImproperlyConfigured(f"{queryset.model.__name__} declares no SCOPE_PATHS")
    level = user_level(user)
    if level is None:
        return queryset.none()
    if level == AreaLevel.COUNTY:
        return queryset
    if user.area_id is None:
        return queryset.none()
    lookups = paths[level]
    if isinstance(lookups, str):
        lookups = (lookups,)
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{lookup: user.area_id})
    return queryset.filter(condition)


def get_scoped_or_404(user, queryset: QuerySet, **lookup) -> Model:
    try:
        return scope_queryset(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        # A malformed id ("abc") is as absent as another township's id.
        raise Http404


def area_in_scope(user, area: Area) -> bool:
    return scope_queryset(user, Area.objects.filter(pk=area.pk)).exists()


def require_area_in_scope(user, area: Area) -> None:
    """For services: an object outside the actor's area is absent (404), as it is to the selectors, so a guessed
    id tells nothing about another township's data."""
    if area is None or not area_in_scope(user, area):
        raise Http404


def scoped_areas(user, level: str | None = None) -> QuerySet:
    qs = scope_queryset(user, Area.objects.all())
    return qs.filter(level=level) if level else qs
