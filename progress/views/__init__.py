"""Progress pages, by sub-domain: dashboard (and work lists, runs), targets (and their split), bulletins."""

from .bulletins import bulletin_detail, bulletin_list, bulletin_xlsx
from .dashboard import compute, dashboard, run_list, township, township_worklist_export, worklist, worklist_export
from .split import township_split
from .targets import milestone_retire, milestones, target_import_errors, target_list, target_template, thresholds

__all__ = [
    "bulletin_detail", "bulletin_list", "bulletin_xlsx", "compute", "dashboard", "milestone_retire", "milestones",
    "run_list", "target_import_errors", "target_list", "target_template", "thresholds", "township",
    "township_split", "township_worklist_export", "worklist", "worklist_export",
]
