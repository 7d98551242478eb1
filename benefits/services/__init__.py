"""Every write of the benefits app. Other apps (certification, audit) call these and nothing else to change a
recipient's standing."""

from .recipients import (  # noqa: F401
    recipient_resume,
    recipient_stop_for_death,
    recipient_stop_for_double_receipt,
    recipient_suspend,
)
