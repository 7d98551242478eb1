from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Post names as strings: models cannot be imported while apps load (funds/permissions.py holds the same sets).
MONEY_READERS = frozenset(["township_clerk", "county_officer", "county_finance", "auditor", "leader"])
DEPOSIT_WRITERS = frozenset(["county_finance"])
ACCOUNT_READERS = frozenset(["township_clerk", "village_assistant", "county_officer", "county_finance", "auditor",
                             "leader"])
INTEREST_READERS = frozenset(["county_officer", "county_finance", "auditor", "leader"])


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Deposits, reconciliation and individual accounts")  # reconciliation pages: collection
    nav_items = (
        (_("Deposits"), "funds:deposit_list", MONEY_READERS),
        (_("Upload deposits"), "funds:deposit_upload", DEPOSIT_WRITERS),
        (_("Individual accounts"), "funds:account_list", ACCOUNT_READERS),
        (_("Interest"), "funds:interest", INTEREST_READERS),
    )
