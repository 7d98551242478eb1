from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Aggregates (township totals) are read by every business post; the county business officers set targets,
# milestones and thresholds, start runs and issue bulletins.
READERS = frozenset(["township_clerk", "village_assistant", "county_officer", "county_finance", "auditor", "leader"])
COUNTY_READERS = frozenset(["county_officer", "county_finance", "auditor", "leader"])
MANAGERS = frozenset(["county_officer"])


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Quotas and progress")
    nav_items = (
        (_("Progress"), "progress:dashboard", READERS),
        (_("Bulletins"), "progress:bulletin_list", READERS),
        (_("Targets"), "progress:target_list", COUNTY_READERS | {"township_clerk"}),
        (_("Progress runs"), "progress:run_list", COUNTY_READERS),
    )
