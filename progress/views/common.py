"""What the progress pages share: the year asked for, and the traffic light of a row."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pension.params import year_param


def year_of(request) -> int:
    source = request.GET if (request.GET.get("year") or "").strip() else request.POST
    return year_param(source, default=timezone.localdate().year)


def light_label(light: str) -> str:
    return {
        "on_track": _("On track"), "behind": _("Behind"), "far_behind": _("Far behind"), "none": _("No target"),
        # Out of the campaign: the year's final standing.
        "reached": _("Year's target reached"), "short": _("Year's target not reached"),
    }[light]


def rows_with_light(rows, schedule):
    out = []
    for s in rows:
        light = schedule.light(s.pct_target)
        out.append({"s": s, "light": light, "light_label": light_label(light),
                    "gap": schedule.gap_persons(target=s.target_paying, paying=s.paying),
                    "unpaid": s.unpaid})
    return out
