"""The collection app's to-do items on the home page (registered in apps.py): each counts through the app's
own selectors, in the user's scope, and links to the page where the work is done."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from funds import selectors as funds_selectors
from pension.todos import Todo

from . import reconciliation, selectors
from .models import ContributionStatus, ImportStatus

FAILED_IMPORTS_SINCE = datetime.timedelta(days=14)
RECONCILE_DAYS = 31


def returned_to_me(user) -> Todo | None:
    n = selectors.contribution_list(user=user, status=ContributionStatus.RETURNED).filter(maker=user).count()
    url = reverse("collection:contribution_list") + "?" + urlencode({"status": ContributionStatus.RETURNED})
    return Todo("collection.returned", _("Entries returned to you"), n, url)


def waiting_for_review(user) -> Todo | None:
    n = selectors.contribution_list(user=user, status=ContributionStatus.ENTERED).exclude(maker=user).count()
    return Todo("collection.review", _("Entries waiting for your review"), n, reverse("collection:review"))


def failed_imports(user) -> Todo | None:
    since = timezone.now() - FAILED_IMPORTS_SINCE
    runs = selectors.import_run_list(user=user).filter(
        uploaded_by=user, status__in=[ImportStatus.FAILED, ImportStatus.REJECTED], created_at__gte=since)
    first = runs.order_by("-created_at").values_list("pk", flat=True).first()
    if first is None:
        return None
    return Todo("collection.imports", _("Imports that failed (last 14 days)"), runs.count(),
                reverse("collection:import_detail", args=[first]))


def days_not_reconciled(user) -> Todo | None:
    today = timezone.localdate()
    days = reconciliation.reconciliation_differences(
        user=user, date_from=today - datetime.timedelta(days=RECONCILE_DAYS), date_to=today)
    if not days:
        return None
    oldest = days[0]
    url = reverse("reconciliation:reconciliation") + "?" + urlencode(
        {"date": oldest.date.isoformat(), "township": oldest.township.code})
    return Todo("collection.reconciliation", _("Days not yet reconciled (last 31 days)"), len(days), url)


def day_reopens_to_confirm(user) -> Todo | None:
    n = funds_selectors.reopen_request_list(user=user).exclude(requested_by=user).count()
    return Todo("collection.reopen", _("Signed-off days to reopen"), n, reverse("reconciliation:reopen_queue"))
