"""The county splits a township's collection target (persons paying) to its villages (issue 11 item 10), in
the browser or the API rather than only by import.

Village targets are the same dated rows the targets import writes (``Target``, one current per area and
year): a village whose share changes gets a new row and its old one stops being current (kept); villages left
unchanged are not touched. Only the collection target is split; a new village row keeps the village's other
figures (enrolment and amount targets, the survey's eligible population) from its current row, or 0 without
one, until the next import sets them. After a change the progress figures are recomputed, so the villages'
completion shows on the township page.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from pension.errors import Conflict, violated_constraint
from pension.models import Area, AreaLevel
from pension.oplog import log_operation
from pension.params import is_ascii_digits
from pension.scope import require_area_in_scope

from .. import selectors
from ..models import ProgressRun, Target
from .compute import _check_year, progress_run_request
from .targets import _require_manager

MAX_PERSONS = 10_000_000
BLANK = object()


@dataclass
class SplitResult:
    township_target: Target
    changed: list[Target] = field(default_factory=list)
    run: ProgressRun | None = None


def _persons(value):
    """A share as whole persons (int), BLANK for an empty field, or None when it is not a whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return BLANK
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    # ASCII digits only: int() and str.isdigit() also take full-width (１２) and other scripts' digits.
    if isinstance(value, str) and is_ascii_digits(value.strip()):
        return int(value.strip())
    return None


def _read_shares(shares, *, township: Area, villages: dict) -> tuple[dict, dict]:
    """({village code: persons}, {key: [error]}) from the shares as given (keyed by village or code)."""
    if not isinstance(shares, dict):
        raise ValidationError({"shares": _("Give the villages' shares as village code: persons.")})
    wanted, errors = {}, {}
    for key, value in shares.items():
        code = key.code if isinstance(key, Area) else str(key).strip()
        if code not in villages:
            name = key.name if isinstance(key, Area) else code
            errors[code] = _("%(village)s is not a village of %(township)s.") % {"village": name,
                                                                                  "township": township.name}
            continue
        village, current = villages[code]
        persons = _persons(value)
        if persons is BLANK:
            if current is not None:
                errors[code] = _("%(village)s: enter the number of persons (0 if the village has no share).") % {
                    "village": village.name}
            continue
        if persons is None:
            errors[code] = _("%(village)s: enter a whole number of persons, 0 or more, in the digits 0-9.") % {
                "village": village.name}
        elif persons > MAX_PERSONS:
            errors[code] = _("%(village)s: the number of persons is too large.") % {"village": village.name}
        elif current is not None and current.eligible and persons > current.eligible:
            errors[code] = _("%(village)s: %(n)d persons exceeds the village's eligible population "
                             "(%(eligible)d persons).") % {"village": village.name, "n": persons,
                                                           "eligible": current.eligible}
        else:
            wanted[code] = persons
    return wanted, errors


@transaction.atomic
def target_split(*, actor, township: Area, year: int, shares: dict, reason: str = "") -> SplitResult:
    """Split the township's current collection target for the year to its villages. `shares` maps a village
    (or its code) to whole persons (an int, or ASCII digits as text); villages not given keep their target.
    Every village's resulting target must add up exactly to the township's."""
    if township is None or township.level != AreaLevel.TOWNSHIP:
        raise Http404
    require_area_in_scope(actor, township)
    _require_manager(actor)
    _check_year(year)
    # The township's row, locked: two splits of one township (or a split and an import) wait for each other.
    own = Target.objects.select_for_update().filter(year=year, area=township, current=True).first()
    if own is None:
        raise ValidationError({"township": _("%(township)s has no target for %(year)d to split; import the "
                                             "township's target first.") % {"township": township.name,
                                                                            "year": year}})
    villages = {v.code: (v, t) for v, t in selectors.village_targets(township=township, year=year)}
    wanted, errors = _read_shares(shares, township=township, villages=villages)
    if errors:
        raise ValidationError(errors)
    total = sum(wanted.get(code, t.paying_target if t else 0) for code, (_v, t) in villages.items())
    if total != own.paying_target:
        raise ValidationError({"shares": _(
            "The villages add up to %(sum)d persons; the township's target is %(target)d persons, a difference of "
            "%(diff)d.") % {"sum": total, "target": own.paying_target, "diff": abs(total - own.paying_target)}})
    changed = [code for code, persons in wanted.items()
               if villages[code][1] is None or villages[code][1].paying_target != persons]
    if not changed:
        return SplitResult(township_target=own)
    old = [villages[code][1] for code in changed if villages[code][1] is not None]
    Target.objects.filter(pk__in=[t.pk for t in old], current=True).update(current=False)
    rows = []
    for code in sorted(changed):
        village, current = villages[code]
        rows.append(Target(
            year=year, area=village, township=township, created_by=actor, paying_target=wanted[code],
            enrolment_target=current.enrolment_target if current else 0,
            amount_target=current.amount_target if current else 0, eligible=current.eligible if current else 0,
        ))
    try:
        with transaction.atomic():
            rows = Target.objects.bulk_create(rows)
    except IntegrityError as exc:
        if violated_constraint(exc) == "one_current_target_per_area_year":
            raise Conflict({"shares": _("The targets were changed meanwhile; reload the page.")})
        raise
    log_operation(
        actor=actor, action="target.split", obj=own, area=township, reason=reason,
        before={"villages": {code: villages[code][1].paying_target if villages[code][1] else None
                             for code in sorted(changed)}},
        after={"year": year, "township_target": own.paying_target,
               "villages": {code: wanted[code] for code in sorted(changed)}},
    )
    run = progress_run_request(actor=actor, year=year)
    return SplitResult(township_target=own, changed=rows, run=run)
