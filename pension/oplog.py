"""The operation log service. Every write service calls `log_operation` inside its own transaction."""

import datetime
import decimal
import uuid

from django.db import models, transaction
from django.utils.crypto import salted_hmac

from . import idnumber
from .models import OperationLog
from .params import clean_reason


def fingerprint(value) -> str:
    """A keyed fingerprint: equal values give equal fingerprints (so a log shows that an ID number or a birth date
    changed, and an auditor can check a number she holds), but neither the value nor a masked form of it is kept:
    a masked ID (6 + 4 digits) beside a birth date (the 8 hidden digits) would rebuild the number."""
    return "fp:" + salted_hmac("pension.oplog.fingerprint", str(value)).hexdigest()[:16]


# Fields whose values are transformed before they go into the log: ID numbers and birth dates are fingerprinted,
# bank accounts masked; none stands in a log in clear or in a form that can be joined back.
MASKED_FIELDS = {"id_number": fingerprint, "birth_date": fingerprint, "bank_account": idnumber.mask_account,
                 "payee_account": idnumber.mask_account}


def _plain(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe dict of the object's concrete fields (foreign keys as ids), sensitive values masked."""
    data = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if fields is not None and field.name not in fields and name not in fields:
            continue
        value = getattr(obj, name)
        if field.name in MASKED_FIELDS and value:
            value = MASKED_FIELDS[field.name](value)
        data[field.name] = _plain(value)
    return data


def log_operation(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    area=None,
) -> OperationLog:
    # The log row must share the caller's transaction: a change without its log row, or a log row
    # for a change that rolled back, would both be lies.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_operation must run inside the write's transaction")
    # Every reason a user gives passes here: one length limit and no control or direction characters.
    reason = clean_reason(reason)
    return OperationLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        area=area,
        before=before,
        after=after,
        reason=reason or "",
    )
