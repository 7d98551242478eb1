from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pension.posts import BUSINESS_READERS, Post

# Post names as strings: models cannot be imported while apps load.
READERS = BUSINESS_READERS
TOWNSHIP_AND_COUNTY = frozenset([Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER])
COUNTY = frozenset([Post.COUNTY_OFFICER])
PAYROLL_READERS = frozenset([Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER])
PAYROLL_APPROVERS = frozenset([Post.COUNTY_OFFICER, Post.COUNTY_FINANCE])


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits")
    nav_group = "benefits"
    nav_items = (
        (_("Turning 60"), "benefits:due_list", READERS),
        (_("Awards"), "benefits:award_list", READERS),
        (_("Payrolls"), "benefits:payroll_list", PAYROLL_READERS),
        (_("Settlement payments"), "benefits:settlement_payout_list", PAYROLL_READERS),
        (_("Recipients"), "benefits:recipient_list", READERS),
        (_("Stop and suspension requests"), "benefits:stop_request_list", READERS),
        (_("Overpayments"), "benefits:overpayment_list", READERS),
        (_("Other pensions"), "benefits:other_pension_list", READERS),
        (_("Benefit parameters"), "benefits:parameter_index", READERS, "system"),
    )

    def ready(self):
        from pension.todos import register

        from . import (
            receivers,  # noqa: F401  (connects to enrollment's signals)
            todos,
        )

        register("benefits.awards", todos.awards_to_check, posts=COUNTY)
        register("benefits.returned", todos.awards_returned, posts=TOWNSHIP_AND_COUNTY)
        register("benefits.due", todos.newly_of_age, posts=TOWNSHIP_AND_COUNTY)
        register("benefits.other_pensions", todos.other_pensions_to_check, posts=COUNTY)
        register("benefits.stops", todos.stops_to_confirm, posts=COUNTY)
        register("benefits.settlement_payouts", todos.settlement_payouts_to_approve, posts=PAYROLL_APPROVERS)
