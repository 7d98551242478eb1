"""Benefits (待遇): who receives a pension, what was awarded, what each payroll paid, and what is owed back."""

from .awards import (  # noqa: F401, E402
    ELIGIBLE_VERDICTS,
    LIVE_OTHER_PENSION,
    Award,
    AwardStatus,
    DueEntry,
    OtherPension,
    OtherPensionKind,
    OtherPensionStatus,
    Verdict,
)
from .parameters import BenefitParameter, Rounding  # noqa: F401, E402
from .payroll import (  # noqa: F401, E402
    Adjustment,
    AdjustmentLine,
    AdjustmentLineStatus,
    AdjustmentStatus,
    LineStatus,
    Payroll,
    PayrollLine,
    PayrollStatus,
    Settlement,
    SettlementCorrection,
    SettlementKind,
    SettlementPayment,
    SettlementPayout,
    SettlementStatus,
)
from .recipients import (  # noqa: F401
    MONEY,
    Overpayment,
    OverpaymentKind,
    Recipient,
    RecipientEvent,
    RecipientEventKind,
    RecipientStatus,
    Recovery,
    RecoveryMethod,
    RecoveryStatus,
    StopReason,
    StopRequest,
    StopRequestAction,
    StopRequestStatus,
)
