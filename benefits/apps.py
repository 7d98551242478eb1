from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Post names as strings: models cannot be imported while apps load.
READERS = frozenset(["township_clerk", "village_assistant", "county_officer", "county_finance", "auditor", "leader"])
TOWNSHIP_AND_COUNTY = frozenset(["township_clerk", "county_officer"])
COUNTY = frozenset(["county_officer"])
PAYROLL_READERS = frozenset(["county_officer", "county_finance", "auditor", "leader"])


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits")
    nav_items = (
        (_("Turning 60"), "benefits:due_list", READERS),
        (_("Awards"), "benefits:award_list", READERS),
        (_("Payrolls"), "benefits:payroll_list", PAYROLL_READERS),
        (_("Recipients"), "benefits:recipient_list", READERS),
        (_("Overpayments"), "benefits:overpayment_list", READERS),
        (_("Benefit parameters"), "benefits:parameter_index", READERS),
    )

    def ready(self):
        from . import receivers  # noqa: F401  (connects to enrollment's signals)
