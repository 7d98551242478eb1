from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pension.posts import BUSINESS_READERS, Post

# Aggregates (township totals) are read by every business post; the county business officers set targets,
# milestones and thresholds, start runs and issue bulletins.
READERS = BUSINESS_READERS
COUNTY_READERS = frozenset([Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.AUDITOR, Post.LEADER])
MANAGERS = frozenset([Post.COUNTY_OFFICER])


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Quotas and progress")
    nav_group = "progress"
    nav_items = (
        (_("Progress"), "progress:dashboard", READERS),
        (_("Bulletins"), "progress:bulletin_list", READERS),
        (_("Targets"), "progress:target_list", COUNTY_READERS | {Post.TOWNSHIP_CLERK}),
        (_("Progress runs"), "progress:run_list", COUNTY_READERS),
    )
