"""What payrolls have paid each recipient, month by month."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from ..models import LineStatus, PayrollLine
from ..months import months_between

CENT = Decimal("0.01")


def paid_amount_from(*, recipient, first_month: datetime.date, part: str = "monthly") -> tuple[int, Decimal]:
    """(months, amount) paid by payrolls for months from `first_month` on; part "monthly" counts the whole pension,
    "basic" only the basic pension (every level and the extra). Lines the bank returned as failed paid nothing (their
    second-batch copy counts instead). A recipient without payroll lines (recorded before this system) counts
    `paid_through` months at the current amount."""
    lines = list(PayrollLine.objects.filter(recipient=recipient, last_month__gte=first_month, months__gt=0)
                 .exclude(status=LineStatus.FAILED))
    if not lines and not PayrollLine.objects.filter(recipient=recipient).exists():
        if recipient.paid_through is None or recipient.paid_through < first_month:
            return 0, Decimal("0.00")
        months = months_between(max(first_month, recipient.start_month), recipient.paid_through)
        per_month = recipient.basic_amount if part == "basic" else recipient.monthly_amount
        return months, per_month * months
    months, total = 0, Decimal("0.00")
    for line in lines:
        n = months_between(max(first_month, line.first_month), line.last_month)
        basic = line.basic_national + line.basic_provincial + line.basic_county + line.extra
        whole = basic if part == "basic" else basic + line.account_part + line.fund_part
        months += n
        total += (whole * n / line.months).quantize(CENT, ROUND_HALF_UP)
    return months, total
