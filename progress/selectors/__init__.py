"""Reads of progress: the set-based aggregates the computation needs, snapshots for pages and the API, the work
list, milestones and the traffic light.

Cross-app reads go through the owning app's selectors: the computation's per-village GROUP BY queries are
``enrollment.selectors.resident_counts_by_village`` / ``new_enrollee_counts_by_village`` and
``collection.selectors.payment_counts_by_village``; the work list is enrollment's
``enrolled_residents_of_village`` less collection's ``resident_has_paid``; the campaign's opening day is
collection's ``collection_opens_on``.

By sub-domain: ``areas`` (the county's areas and which a user may open), ``schedule`` (milestones, thresholds,
the expected share and the traffic light), ``snapshots`` (the computed figures for pages and the API),
``worklists`` (who has not paid yet, live), ``targets`` (targets, the enrolment rate and target imports),
``records`` (runs and bulletins). This module re-exports every name, so callers are unchanged.
"""

from .areas import (  # noqa: F401
    area_for_history,
    county_areas,
    county_name,
    township_for,
    village_for,
)
from .records import (  # noqa: F401
    bulletin_list,
    bulletin_or_404,
    run_latest,
    run_list,
)
from .schedule import (  # noqa: F401
    DEFAULT_MILESTONES,
    HUNDRED,
    PCT,
    Schedule,
    campaign_start,
    expected_series,
    expected_share,
    milestone_or_404,
    milestones_for,
    milestones_retired,
    schedule_for,
    thresholds_for,
)
from .snapshots import (  # noqa: F401
    county_row,
    history,
    latest_day,
    township_ranking,
    trend,
    village_rows,
    years_with_data,
)
from .targets import (  # noqa: F401
    OF_AGE,
    current_targets,
    enrolment_rate,
    target_import_get,
    target_import_rejected_or_404,
    target_imports,
    target_list,
    township_target,
    village_targets,
)
from .worklists import (  # noqa: F401
    township_worklist,
    worklist,
)
