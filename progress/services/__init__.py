"""Every write of progress: targets (imported, or split to villages), milestones, thresholds, computations,
bulletins."""

from .bulletins import bulletin_issue, iso_week
from .compute import build_rows, progress_compute, progress_run_request
from .schedule import progress_schedule, schedule_update
from .split import target_split
from .targets import milestone_retire, milestone_set, target_import, template_rows, thresholds_set

__all__ = [
    "build_rows", "bulletin_issue", "iso_week", "milestone_retire", "milestone_set", "progress_compute",
    "progress_run_request", "progress_schedule", "schedule_update", "target_import", "target_split", "template_rows",
    "thresholds_set",
]
