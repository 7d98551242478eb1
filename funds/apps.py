from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .permissions import ACCOUNT_READERS, DEPOSIT_WRITERS, INTEREST_READERS, MONEY_READERS


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Deposits, reconciliation and individual accounts")  # reconciliation pages: collection
    nav_group = "funds"
    nav_items = (
        (_("Deposits"), "funds:deposit_list", MONEY_READERS),
        (_("Enter a voucher"), "funds:deposit_new", DEPOSIT_WRITERS),
        (_("Upload deposits"), "funds:deposit_upload", DEPOSIT_WRITERS),
        (_("Individual accounts"), "funds:account_list", ACCOUNT_READERS),
        (_("Interest"), "funds:interest", INTEREST_READERS),
    )

    def ready(self):
        from . import receivers  # noqa: F401  (connects to enrollment's signals)
