from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from funds.permissions import MONEY_READERS  # the reconciliation pages read deposits
from pension.posts import BUSINESS_READERS, Post

ENTERERS = frozenset([Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER])
READERS = BUSINESS_READERS
COUNTY = frozenset([Post.COUNTY_OFFICER])


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = _("Collection")
    # The clerk's everyday screen leads the menu.
    nav_first = ("collection:entry",)
    nav_items = (
        (_("Contribution entry"), "collection:entry", ENTERERS),
        (_("Review"), "collection:review", COUNTY),
        (_("Contributions"), "collection:contribution_list", READERS),
        (_("Excel import"), "collection:import_upload", ENTERERS),
        (_("Receipt books"), "collection:book_list", READERS),
        (_("Parameters"), "collection:parameter_index", READERS),
        (_("Daily reconciliation"), "reconciliation:reconciliation", MONEY_READERS),
        (_("Month-end closing"), "reconciliation:closing", MONEY_READERS),
    )

    def ready(self):
        from . import receivers  # noqa: F401  (connects to enrollment's signals)
