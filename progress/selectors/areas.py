"""The county's areas, and which township or village a user may open (out of scope is 404)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from pension.models import Area, AreaLevel
from pension.scope import get_scoped_or_404, user_level


def county_areas():
    """(county, townships, villages) of this installation, ordered by code."""
    townships = list(Area.objects.filter(level=AreaLevel.TOWNSHIP).order_by("code"))
    villages = list(Area.objects.filter(level=AreaLevel.VILLAGE).order_by("code"))
    county = Area.objects.filter(level=AreaLevel.COUNTY).order_by("code").first()
    return county, townships, villages


def county_name() -> str:
    """The county's name, for the bulletins' titles (issue 11 item 10)."""
    county = Area.objects.filter(level=AreaLevel.COUNTY).order_by("code").first()
    return county.name if county else ""


def township_for(*, user, code: str) -> Area:
    """A township the user may drill into: their own (or their village's), any for county posts; else 404."""
    return get_scoped_or_404(user, Area.objects.filter(level=AreaLevel.TOWNSHIP), code=code)


def village_for(*, user, pk: int) -> Area:
    return get_scoped_or_404(user, Area.objects.filter(level=AreaLevel.VILLAGE).select_related("parent"), pk=pk)


def area_for_history(*, user, code: str) -> Area:
    """County and township totals are open to every business post; a village only within scope."""
    area = get_object_or_404(Area.objects.exclude(level=AreaLevel.NATURAL), code=code)
    if area.level == AreaLevel.VILLAGE:
        return village_for(user=user, pk=area.pk)
    if user_level(user) is None:
        raise Http404
    return area
