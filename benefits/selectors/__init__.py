"""Reads of the benefits app, always through the area scope. The reads other apps use (certification, audit,
progress) are the keyword-only functions exported here."""

from .audit import (  # noqa: F401, E402  (reads for the audit app)
    awards_approved_between,
    awards_described,
    payment_growth_above,
    payments_after_death,
    payroll_changes_between,
    payroll_lines_described,
    recipient_start_months,
    second_payments_between,
    second_payments_of_lines_not_failed,
    shared_bank_accounts,
)
from .holds import HELD_REASONS, held_counts, held_rows  # noqa: F401, E402
from .lists import (  # noqa: F401, E402
    adjustment_get,
    adjustment_list,
    award_get,
    award_list,
    due_list,
    overpayment_get,
    overpayment_list,
    payroll_get,
    payroll_lines,
    payroll_list,
    payroll_totals,
    recipient_get,
    recipient_list,
    recipient_statement,
    recovery_get,
    settlement_get,
    settlement_list,
    settlement_payment_get,
    settlement_payout_get,
    settlement_payout_list,
    township_by_code,
    townships_for,
)
from .other_pensions import other_pension_get, other_pension_list, recipients_held_count  # noqa: F401, E402
from .parameters import parameter_in_force, parameter_rows  # noqa: F401, E402
from .payout import payout_counts_by_village, recipients_not_enrolled_by_village  # noqa: F401, E402
from .recipients import (  # noqa: F401
    recipient_events_between,
    recipient_find_by_id_number,
    recipient_for_resident,
    recipients_for,
)
from .stops import stop_request_get, stop_request_list, stop_request_open  # noqa: F401, E402
