from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Deposits, reconciliation and individual accounts")
    nav_items = ()
