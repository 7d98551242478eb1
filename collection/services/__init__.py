"""Every write of the collection app. Split by sub-domain; import from here."""

from .contributions import (  # noqa: F401
    ENTERERS,
    contribution_cancel,
    contribution_enter,
    contribution_resubmit,
)
from .corrections import (  # noqa: F401
    contribution_reversal_confirm,
    contribution_reversal_propose,
    contribution_reversal_reject,
    receipt_void_confirm,
    receipt_void_propose,
    receipt_void_reject,
)
from .imports import import_run_create, import_run_execute  # noqa: F401
from .parameters import (  # noqa: F401
    collection_year_save,
    collective_subsidy_save,
    grade_save,
    grades_copy_year,
    hardship_share_save,
)
from .receipts import receipt_book_issue, receipt_book_write_off, receipt_void  # noqa: F401
from .review import (  # noqa: F401
    MAX_APPROVE_AT_ONCE,
    contribution_approve,
    contribution_approve_many,
    contribution_return,
)
from .signoff import reconciliation_sign_off  # noqa: F401
from .terminations import contributions_cancel_for_termination  # noqa: F401
