"""Recording one deposit voucher (by the API, with an Idempotency-Key): a voucher number is recorded once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pension.errors import Conflict, violated_constraint
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post

from ..models import Deposit, DepositSource
from ..permissions import DEPOSIT_WRITERS
from ..signoffs import day_lock_check
from .parsing import DEPOSIT_FIELDS, voucher_fields_clean, voucher_taken_message


@transaction.atomic
def deposit_record(*, actor, township, date, amount, voucher_number, source: str = DepositSource.API) -> Deposit:
    """Record one deposit voucher. A voucher number already recorded is a conflict (409)."""
    require_post(actor, DEPOSIT_WRITERS)
    clean, errors = voucher_fields_clean(township=township, date=date, amount=amount, voucher_number=voucher_number)
    if errors:
        raise ValidationError(errors)
    day_lock_check(township_id=clean["township"].pk, date=clean["date"])
    if Deposit.objects.filter(voucher_number=clean["voucher_number"], reverses__isnull=True).exists():
        raise Conflict({"voucher_number": voucher_taken_message(clean["voucher_number"])})
    deposit = Deposit(source=source, created_by=actor, **clean)
    try:
        with transaction.atomic():
            deposit.save()
    except IntegrityError as exc:  # lost a race for the same voucher number
        if violated_constraint(exc) != "deposit_voucher_once":
            raise
        raise Conflict({"voucher_number": voucher_taken_message(clean["voucher_number"])})
    log_operation(actor=actor, action="deposit.record", obj=deposit, after=snapshot(deposit, DEPOSIT_FIELDS),
                  area=deposit.township)
    return deposit
