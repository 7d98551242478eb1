"""The benefits app's to-do items on the home page (registered in apps.py), counted through its selectors."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pension.todos import Todo

from . import selectors
from .models import AwardStatus, OtherPensionStatus, PayrollStatus, StopRequestStatus, Verdict
from .months import add_months


def awards_to_check(user) -> Todo | None:
    n = selectors.award_list(user=user, status=AwardStatus.PROPOSED).exclude(maker=user).count()
    url = reverse("benefits:award_list") + "?" + urlencode({"status": AwardStatus.PROPOSED})
    return Todo("benefits.awards", _("Awards waiting for your check"), n, url)


def awards_returned(user) -> Todo | None:
    n = selectors.award_list(user=user, status=AwardStatus.RETURNED).filter(maker=user).count()
    url = reverse("benefits:award_list") + "?" + urlencode({"status": AwardStatus.RETURNED})
    return Todo("benefits.returned", _("Awards returned to you"), n, url)


def newly_of_age(user) -> Todo | None:
    month = add_months(timezone.localdate().replace(day=1), 1)
    n = selectors.due_list(user=user, month=month).exclude(verdict=Verdict.AWARDED).count()
    url = reverse("benefits:due_list") + "?" + urlencode({"month": f"{month:%Y-%m}"})
    return Todo("benefits.due", _("Turning 60 next month, not yet awarded"), n, url)


def other_pensions_to_check(user) -> Todo | None:
    n = selectors.other_pension_list(user=user, status=OtherPensionStatus.REPORTED).exclude(recorded_by=user).count()
    url = reverse("benefits:other_pension_list") + "?" + urlencode({"status": OtherPensionStatus.REPORTED})
    return Todo("benefits.other_pensions", _("Other pensions waiting for your check"), n, url)


def stops_to_confirm(user) -> Todo | None:
    n = selectors.stop_request_list(user=user, status=StopRequestStatus.PROPOSED).exclude(requested_by=user).count()
    url = reverse("benefits:stop_request_list") + "?" + urlencode({"status": StopRequestStatus.PROPOSED})
    return Todo("benefits.stops", _("Stop and suspension requests waiting for your confirmation"), n, url)


def settlement_payouts_to_approve(user) -> Todo | None:
    n = selectors.settlement_payout_list(user=user).filter(status=PayrollStatus.GENERATED).exclude(maker=user).count()
    return Todo("benefits.settlement_payouts", _("Settlement payment batches waiting for your approval"), n,
                reverse("benefits:settlement_payout_list"))
