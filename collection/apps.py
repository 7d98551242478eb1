from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from funds.permissions import DAY_REOPEN_CONFIRMERS, MONEY_READERS  # the reconciliation pages read deposits
from pension.posts import BUSINESS_READERS, Post

ENTERERS = frozenset([Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER])
READERS = BUSINESS_READERS
COUNTY = frozenset([Post.COUNTY_OFFICER])


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = _("Collection")
    # The clerk's everyday screen leads the menu.
    nav_first = ("collection:entry",)
    nav_group = "collection"
    nav_items = (
        (_("Contribution entry"), "collection:entry", ENTERERS),
        (_("Review"), "collection:review", COUNTY),
        (_("Contributions"), "collection:contribution_list", READERS),
        (_("Day-end sheet"), "collection:day_sheet", ENTERERS),
        (_("Excel import"), "collection:import_upload", ENTERERS),
        (_("Receipt books"), "collection:book_list", READERS),
        (_("Parameters"), "collection:parameter_index", READERS, "system"),
        (_("Daily reconciliation"), "reconciliation:reconciliation", MONEY_READERS, "funds"),
        (_("Month-end closing"), "reconciliation:closing", MONEY_READERS, "funds"),
        (_("Signed-off days to reopen"), "reconciliation:reopen_queue", MONEY_READERS, "funds"),
    )

    def ready(self):
        from pension.todos import register

        from . import (
            receivers,  # noqa: F401  (connects to enrollment's signals)
            todos,
        )

        register("collection.returned", todos.returned_to_me, posts=ENTERERS)
        register("collection.review", todos.waiting_for_review, posts=COUNTY)
        register("collection.imports", todos.failed_imports, posts=ENTERERS)
        register("collection.reopen", todos.day_reopens_to_confirm, posts=DAY_REOPEN_CONFIRMERS)
        register("collection.reconciliation", todos.days_not_reconciled,
                 posts=MONEY_READERS - {Post.AUDITOR, Post.LEADER})
