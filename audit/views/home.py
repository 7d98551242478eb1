"""The auditors' home page (and the leader's read-only copy), and the panels the kernel's home page shows."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from pension.permissions import require_post

from .. import flags, selectors
from ..quarters import previous_quarter
from .common import AUDIT_READERS


def _summary(user):
    today = timezone.localdate()
    year, quarter = previous_quarter(today)
    return {
        "today": today, "plans": selectors.plans_due(today=today)[:4], "quarter": (year, quarter),
        "by_age": selectors.findings_by_age(user=user, today=today),
        "overdue": selectors.findings_overdue(user=user, today=today)[:20],
        "new_flags": selectors.flag_list()[:10], "flag_counts": selectors.flag_counts(), "rules": flags.RULES,
        "read_only": user.post != "auditor",
    }


@login_required
def home(request):
    require_post(request.user, AUDIT_READERS)
    return render(request, "audit/home.html", _summary(request.user))


def auditor_panel(request) -> str:
    return render_to_string("audit/home_panel.html", _summary(request.user), request=request)


def section_panel(request) -> str:
    today = timezone.localdate()
    ctx = {"overdue": selectors.findings_overdue(user=request.user, today=today),
           "open": selectors.finding_list(user=request.user, open_only=True)[:10], "today": today}
    return render_to_string("audit/section_panel.html", ctx, request=request)
