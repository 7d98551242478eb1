"""What payrolls have paid each recipient, month by month."""

import datetime
from decimal import Decimal

from ..months import months_between


def paid_amount_from(*, recipient, first_month: datetime.date, part: str = "monthly") -> tuple[int, Decimal]:
    """(months, amount) included in payrolls from `first_month` through the recipient's `paid_through`;
    part "monthly" counts the whole pension, "basic" only the basic pension."""
    if recipient.paid_through is None or recipient.paid_through < first_month:
        return 0, Decimal("0.00")
    months = months_between(max(first_month, recipient.start_month), recipient.paid_through)
    per_month = recipient.basic_amount if part == "basic" else recipient.monthly_amount
    return months, per_month * months
