"""Sample kinds of benefits (awards, payroll changes, second payments) and certification (certifications,
suspensions): area 6 (award and payout) and 7 (a second payment only for rows that failed)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from benefits import selectors as benefits_selectors
from certification import selectors as certification_selectors

from . import SampleKind, register


def _awards(keys):
    rows = benefits_selectors.awards_described(ids=[int(k) for k in keys])
    return {str(pk): (f"{r['resident__name']} {r['start_month']:%Y-%m} {r['monthly_amount']}",
                      reverse("benefits:award_detail", args=[pk])) for pk, r in rows.items()}


def _lines(keys):
    rows = benefits_selectors.payroll_lines_described(ids=[int(k) for k in keys])
    return {str(pk): (f"{r['recipient__resident__name']} {r['payroll__month']:%Y-%m} {r['amount']}",
                      reverse("benefits:payroll_detail", args=[r["payroll_id"]])) for pk, r in rows.items()}


def _certifications(keys):
    rows = certification_selectors.certifications_described(ids=[int(k) for k in keys])
    return {str(pk): (f"{r['resident__name']} {r['certified_on']:%Y-%m-%d} {r['result']}",
                      reverse("enrollment:resident_detail", args=[r["resident_id"]])) for pk, r in rows.items()}


def _suspensions(keys):
    rows = certification_selectors.suspensions_described(ids=[int(k) for k in keys])
    return {str(pk): (f"{r['resident__name']}", reverse("enrollment:resident_detail", args=[r["resident_id"]]))
            for pk, r in rows.items()}


register(SampleKind("benefits.award", _("Pension awards"), "benefits", (6,),
                    lambda s, e: benefits_selectors.awards_approved_between(start=s, end=e), _awards))
register(SampleKind("benefits.payroll_change", _("Payroll changes"), "benefits", (6,),
                    lambda s, e: benefits_selectors.payroll_changes_between(start=s, end=e), _lines))
register(SampleKind("benefits.second_payment", _("Second payments"), "benefits", (6, 7),
                    lambda s, e: benefits_selectors.second_payments_between(start=s, end=e), _lines))
register(SampleKind("certification.record", _("Certifications"), "certification", (6,),
                    lambda s, e: certification_selectors.certifications_recorded_between(start=s, end=e),
                    _certifications))
register(SampleKind("certification.suspension", _("Suspensions"), "certification", (6,),
                    lambda s, e: certification_selectors.suspensions_between(start=s, end=e), _suspensions))
