"""Chart data for the dashboard and a township's page, built from selectors (the views hold no ORM).
Numbers become floats here for chart coordinates only, never for money arithmetic."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors


def labels() -> dict:
    return {"pct": _("Collection target reached (%)"), "expected": _("Expected by today"),
            "trend": _("Completion over the campaign"), "ranking": _("Townships ranked by completion"),
            "villages": _("Villages ranked by completion"), "expectedLine": _("Expected share")}


def f(value):
    return None if value is None else float(value)


def dashboard_chart(*, year: int, ranking: list[dict], schedule, drill_all: bool, own_township) -> dict:
    """The township ranking (with a link where the user may drill down) and the county's trend."""
    chart = {"ranking": [], "trend": {"days": [], "series": []}, "expected": f(schedule.expected)}
    for r in ranking:
        area = r["s"].area
        may_drill = drill_all or (own_township is not None and area.pk == own_township.pk)
        chart["ranking"].append({"name": area.name, "pct": f(r["s"].pct_target), "light": r["light"],
                                 "url": reverse("progress:township", args=[area.code]) + f"?year={year}"
                                 if may_drill else None})
    days, series = [], {}
    county_name = _("County")
    for day_, level, area_name, pct in selectors.trend(year=year):
        label = day_.isoformat()
        if not days or days[-1] != label:
            days.append(label)
        series.setdefault(county_name if level == "county" else area_name, {})[label] = f(pct)
    expected = selectors.expected_series(year=year, days=[datetime.date.fromisoformat(d) for d in days])
    chart["trend"] = {"days": days, "expected": [f(e) for e in expected],
                      "series": [{"name": n, "data": [v.get(d) for d in days]} for n, v in series.items()]}
    return chart


def township_chart(*, year: int, area, rows: list[dict], history: list, schedule) -> dict:
    return {
        "villages": [{"name": r["s"].area.name, "pct": f(r["s"].pct_target), "light": r["light"]} for r in rows],
        "trend": {"days": [h.day.isoformat() for h in history],
                  "expected": [f(e) for e in selectors.expected_series(year=year, days=[h.day for h in history])],
                  "series": [{"name": area.name, "data": [f(h.pct_target) for h in history]}]},
        "expected": f(schedule.expected),
    }
