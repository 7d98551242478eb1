"""The sample kinds of the apps on main: each a SampleKind entry. Focus areas: 1 grade changes, 2 data
management, 3 adding/removing insured people, 4 contributions and accounts, 5 transfers, 6 awards and payout,
7 fund finance, 8 key personal data."""

import datetime
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collection import reconciliation as collection_reconciliation
from collection import selectors as collection_selectors
from enrollment import selectors as enrollment_selectors
from pension import selectors as pension_selectors

from . import SampleKind, register

# Audit reads the whole county: selectors that take a user get this county-level reader.
COUNTY_READER = SimpleNamespace(is_authenticated=True, is_active=True, post="auditor", area_id=None, pk=None)


def _contributions(keys) -> dict:
    rows = collection_selectors.contributions_described(ids=[int(k) for k in keys])
    return {str(pk): (f"{r['resident__name']} {r['year']} {r['grade']}",
                      reverse("collection:contribution_detail", args=[pk])) for pk, r in rows.items()}


def _enrollments(keys) -> dict:
    rows = enrollment_selectors.enrollments_described(ids=[int(k) for k in keys])
    return {str(pk): (f"{r['resident__name']} {r['enrolled_on']:%Y-%m-%d}"
                      + (f" — {r['terminated_on']:%Y-%m-%d}" if r["terminated_on"] else ""),
                      reverse("enrollment:resident_detail", args=[r["resident_id"]])) for pk, r in rows.items()}


def _resident_operations(keys) -> dict:
    rows = pension_selectors.operations_described(ids=[int(k) for k in keys])
    names = enrollment_selectors.residents_described(ids=[int(r["object_id"]) for r in rows.values()])
    out = {}
    for pk, r in rows.items():
        name = names.get(int(r["object_id"]), {}).get("name", "?")
        out[str(pk)] = (f"{r['action']} {name} {r['at']:%Y-%m-%d}",
                        reverse("enrollment:resident_detail", args=[int(r["object_id"])]))
    return out


def _operation_keys(actions):
    def keys(start, end):
        return [(pk, at.date()) for pk, at in pension_selectors.operations_between(
            actions=actions, start=start, end=end).values_list("id", "at")]
    return keys


def _reconciliation_keys(start, end):
    days = collection_reconciliation.reconciliation_days(user=COUNTY_READER, date_from=start, date_to=end)
    return [(f"{d.township.code}:{d.date.isoformat()}", d.date) for d in days]


def _reconciliation_describe(keys) -> dict:
    out = {}
    for key in keys:
        code, day = key.split(":")
        out[key] = (f"{code} {day}", f"{reverse('reconciliation:reconciliation')}?township={code}&date={day}")
    return out


def _month_keys(start, end):
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append((day.strftime("%Y-%m"), day))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_describe(keys) -> dict:
    return {k: (str(_("Month-end closing %(month)s") % {"month": k}), f"{reverse('reconciliation:closing')}?month={k}")
            for k in keys}


def _key_data_keys(start, end):
    from .. import selectors

    return selectors.key_data_applied_between(start=start, end=end)


def _key_data_describe(keys) -> dict:
    from .. import selectors

    return selectors.key_data_described(ids=[int(k) for k in keys])


register(SampleKind("collection.grade_change", _("Grade changes"), "collection", (1,),
                    lambda s, e: collection_selectors.grade_changes_between(start=s, end=e), _contributions))
register(SampleKind("pension.resident_edit", _("Changes of residents' data"), "enrollment", (2,),
                    _operation_keys(["resident.update", "resident.key_data_change"]), _resident_operations))
register(SampleKind("enrollment.enrolment", _("Enrolments"), "enrollment", (3,),
                    lambda s, e: enrollment_selectors.enrollments_started_between(start=s, end=e), _enrollments))
register(SampleKind("enrollment.termination", _("Terminations"), "enrollment", (3,),
                    lambda s, e: enrollment_selectors.enrollments_terminated_between(
                        start=s, end=e, exclude_reasons=["transfer_out"]), _enrollments))
register(SampleKind("collection.contribution_approval", _("Contribution approvals"), "collection", (4,),
                    lambda s, e: collection_selectors.contribution_approvals_between(start=s, end=e), _contributions))
register(SampleKind("collection.contribution_reversal", _("Contribution reversals"), "collection", (4,),
                    lambda s, e: collection_selectors.contribution_reversals_between(start=s, end=e), _contributions))
register(SampleKind("enrollment.transfer_out", _("Transfers out"), "enrollment", (5,),
                    lambda s, e: enrollment_selectors.enrollments_terminated_between(
                        start=s, end=e, reasons=["transfer_out"]), _enrollments))
register(SampleKind("funds.reconciliation_day", _("Daily reconciliations"), "funds", (7,),
                    _reconciliation_keys, _reconciliation_describe))
register(SampleKind("funds.month_closing", _("Month-end closings"), "funds", (7,), _month_keys, _month_describe))
register(SampleKind("audit.key_data_change", _("Key-data changes"), "audit", (8,),
                    _key_data_keys, _key_data_describe))
