"""Benefits (待遇): who receives a pension, what was awarded, what each payroll paid, and what is owed back."""

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
    StopReason,
)
