"""Reads of the collection app, always through the area scope. Split by sub-domain; import from here.

Other apps read contributions only through these functions (`shared`: the cash reconciliation compares with
deposits, the per-village payments progress counts; `audit`: the county-wide reads of samples and red flags).
"""

from .audit import (  # noqa: F401
    cash_contributions_without_receipt,
    contribution_approvals_between,
    contribution_reversals_between,
    contributions_described,
    contributions_of_residents_from,
    grade_changes_between,
    receipt_gaps_by_book,
)
from .contributions import (  # noqa: F401
    contribution_get,
    contribution_list,
    paid_years,
    resident_year_summary,
    reversal_proposal_open,
    review_makers,
    review_queue,
    review_totals,
)
from .imports import (  # noqa: F401
    IMPORT_LOST_AFTER,
    IMPORT_STALE_AFTER,
    import_run_get,
    import_run_list,
    import_runs_to_resume,
)
from .parameters import (  # noqa: F401
    collection_opens_on,
    current_campaign,
    parameter_years,
    parameters_of_year,
)
from .receipts import (  # noqa: F401
    next_receipt_number,
    receipt_book_accounted,
    receipt_book_gaps,
    receipt_book_get,
    receipt_book_list,
    receipt_book_missing,
    void_proposals_open,
)
from .shared import (  # noqa: F401
    CASH_COLLECTED_STATUSES,
    cash_collected_on,
    cash_collected_totals,
    clerk_cash_on,
    clerk_entries_made_totals,
    payment_counts_by_village,
    resident_has_paid,
)
