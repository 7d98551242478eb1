"""Reads of residents and enrolments, always through the area scope.

Other apps read residents and enrolments only through these functions: collection locks a resident for a write
with `resident_lock_for_update` and its import reads `residents_of_township`; progress takes its per-village
counts and the residents of its work list from `counts`; collection and funds read deaths from `deaths`.
"""

from .counts import (  # noqa: F401
    enrolled_residents_of_township,
    enrolled_residents_of_village,
    new_enrollee_counts_by_village,
    paying_age_births,
    resident_counts_by_township,
    resident_counts_by_village,
)
from .deaths import (  # noqa: F401
    death_dates,
    death_dates_of,
    resident_ending,
)
from .enrollments import (  # noqa: F401
    enrollment_get,
    enrollment_list,
    enrollment_open_for,
    enrollments_described,
    enrollments_started_between,
    enrollments_terminated_between,
    termination_get,
    termination_list,
    termination_open_for,
)
from .hardship import (  # noqa: F401
    hardship_change_get,
    hardship_change_list,
    hardship_change_open_for,
    hardship_import_get,
    hardship_imports,
)
from .residents import (  # noqa: F401
    ELIGIBLE_NOT_ENROLLED,
    resident_candidates,
    resident_find_by_id_number,
    resident_get,
    resident_key_data,
    resident_list,
    resident_lock_for_update,
    resident_stats,
    resident_township_of,
    residents_born_between,
    residents_described,
    residents_of_township,
)
