"""Every write of the benefits app. Other apps (certification, audit) call these and nothing else to change a
recipient's standing."""

from .adjustments import adjustment_approve, adjustment_prepare  # noqa: F401, E402
from .awards import award_approve, award_propose, award_return  # noqa: F401, E402
from .due import due_list_build  # noqa: F401, E402
from .other_pensions import (  # noqa: F401, E402
    other_pension_confirm,
    other_pension_on_file,
    other_pension_reject,
    other_pension_report,
)
from .overpayments import (  # noqa: F401, E402
    recovery_confirm,
    recovery_record,
    recovery_reject,
    recovery_reverse,
    settlement_approve,
    settlement_close,
    settlement_payee,
)
from .parameters import benefit_parameter_save  # noqa: F401, E402
from .payroll import (  # noqa: F401, E402
    payroll_approve,
    payroll_generate,
    payroll_returns_record,
    payroll_second_batch,
)
from .recipients import (  # noqa: F401
    recipient_resume,
    recipient_stop_for_death,
    recipient_stop_for_double_receipt,
    recipient_suspend,
)
from .settlement_payments import (  # noqa: F401, E402
    settlement_payout_approve,
    settlement_payout_generate,
    settlement_payout_repeat,
    settlement_payout_returns_record,
)
from .stops import (  # noqa: F401, E402
    stop_request_confirm,
    stop_request_propose,
    stop_request_reject,
    suspension_request_propose,
)
