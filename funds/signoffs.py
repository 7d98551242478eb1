"""Signing off a reconciled day (日清签认, issue 11 item 7). The ledger takes plain data: collection, which alone may
read both the counter's cash and the vouchers, works out the day's cash and calls `day_sign_off`; funds checks the
deposits itself and writes the dated row. A signed-off day is locked: `day_lock_check` is the one refusal used by
deposits here and, through `funds.selectors.day_lock_message`, by collection's entry, import and cancellations.

Entry and sign-off cannot interleave: everything that writes money dated on a township's day (a contribution
entered, resubmitted, cancelled or reversed, an import, a deposit recorded, uploaded or cancelled) holds that
(township, day)'s lock shared from its check until it commits, and the sign-off holds it exclusive from before it
adds up the day until it commits (`day_hold`, a PostgreSQL transaction-level advisory lock). So a write either
commits before the sign-off reads the day, which then counts it, or waits and then finds the day signed off.
Writers do not wait for one another (shared); the lock is always the last one a writer takes, so no cycle."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.models import Area, AreaLevel
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post
from pension.scope import area_in_scope

from .models import DaySignOff, Deposit
from .permissions import DAY_SIGNERS

ZERO = Decimal("0.00")
SIGNOFF_FIELDS = ["township", "date", "collected", "deposited", "signed_by", "signed_at"]


def msg_day_signed_off(*, township_name: str, date: datetime.date) -> str:
    return _("%(date)s of %(township)s is reconciled and signed off by county finance; nothing dated that day can "
             "be entered, deposited or cancelled any more.") % {"date": date.isoformat(), "township": township_name}


DAY_LOCK_SPACE = 0x5D  # the top bits of a day lock's key (progress's locks use the two-key form: no clash)


def _day_key(township_id: int, date: datetime.date) -> int:
    """One bigint per (township, day): the space, the township id (32 bits), the day's ordinal (20 bits)."""
    return (DAY_LOCK_SPACE << 52) | (int(township_id) << 20) | date.toordinal()


def day_hold(*, pairs, exclusive: bool = False) -> None:
    """Hold the locks of these (township id, day) pairs until the current transaction ends: shared for a write
    dated on the day, exclusive for the sign-off. Taken in key order, so two holders of several never deadlock.
    PostgreSQL only: SQLite (make run) has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({_day_key(t, d) for t, d in pairs if t and isinstance(d, datetime.date)})
    if not keys:
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute(f"SELECT {function}(%s)", [key])


def signoffs_in_force():
    """Sign-offs that lock their day: every one not reopened (a reopened one stays, with its history)."""
    return DaySignOff.objects.filter(reopened_at__isnull=True)


def day_is_signed_off(*, township_id: int, date: datetime.date) -> bool:
    return signoffs_in_force().filter(township_id=township_id, date=date).exists()


def day_lock_check(*, township_id: int, date: datetime.date, field: str = "date") -> None:
    """ValidationError({field: …}) when that township's day is signed off. Called by writes only: it first holds
    the day's lock (shared) until the caller's transaction ends, so a sign-off cannot come in between."""
    day_hold(pairs=[(township_id, date)])
    if date and day_is_signed_off(township_id=township_id, date=date):
        name = Area.objects.filter(pk=township_id).values_list("name", flat=True).first() or ""
        raise ValidationError({field: msg_day_signed_off(township_name=name, date=date)})


def signed_off_days(*, pairs) -> set[tuple[int, datetime.date]]:
    """Which of these (township id, day) pairs are signed off: one query (an upload checks its rows at once)."""
    pairs = set(pairs)
    if not pairs:
        return set()
    rows = signoffs_in_force().filter(township_id__in={t for t, _d in pairs}, date__in={d for _t, d in pairs})
    return {p for p in rows.values_list("township_id", "date") if p in pairs}


@transaction.atomic
def day_sign_off(*, actor, township: Area, date: datetime.date, collected: Decimal) -> DaySignOff:
    """County finance signs off one township's day whose cash collected (worked out by collection) equals the
    deposits of that day. Refused when it does not balance, lies in the future, or is already signed off."""
    require_post(actor, DAY_SIGNERS, _("Only county finance signs off a reconciled day."))
    if township is None or township.level != AreaLevel.TOWNSHIP or not area_in_scope(actor, township):
        raise ValidationError({"township": _("Choose a township.")})
    if not isinstance(date, datetime.date) or date > timezone.localdate():
        raise ValidationError({"date": _("A day can be signed off only once it has passed or today.")})
    # The day's lock, exclusive (collection took it already, before adding up the cash): no entry or deposit
    # dated that day can commit between the sums and the sign-off.
    day_hold(pairs=[(township.pk, date)], exclusive=True)
    if day_is_signed_off(township_id=township.pk, date=date):
        raise Conflict({"date": _("%(date)s of %(township)s is already signed off.")
                        % {"date": date.isoformat(), "township": township.name}})
    deposited = Deposit.objects.filter(township=township, date=date).aggregate(s=Sum("amount"))["s"] or ZERO
    collected = collected or ZERO
    if collected != deposited:
        raise ValidationError({"date": _("The day does not balance: cash collected %(collected)s, deposited "
                                         "%(deposited)s. Only a balanced day can be signed off.")
                               % {"collected": collected, "deposited": deposited}})
    try:
        with transaction.atomic():
            signoff = DaySignOff.objects.create(township=township, date=date, collected=collected,
                                                deposited=deposited, signed_by=actor)
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_signoff_per_township_day":
            raise
        raise Conflict({"date": _("%(date)s of %(township)s is already signed off.")
                        % {"date": date.isoformat(), "township": township.name}})
    log_operation(actor=actor, action="reconciliation.sign_off", obj=signoff,
                  after=snapshot(signoff, SIGNOFF_FIELDS), area=township)
    return signoff
