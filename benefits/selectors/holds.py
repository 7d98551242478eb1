"""Who the payroll holds back, by reason (issue 12: the payroll page says how many were held and why)."""

from django.db.models import BooleanField, Case, CharField, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from ..models import LIVE_OTHER_PENSION, OtherPension, Recipient, RecipientEvent, RecipientEventKind, RecipientStatus

# (key, label) in the order the payroll page shows them.
HELD_REASONS = (
    ("certification", _("Not certified by the deadline (suspended)")),
    ("suspended", _("Suspended for another reason")),
    ("other_pension", _("Another pension on file (held until checked)")),
)


def held_counts() -> dict[str, int]:
    """{reason: recipients} the payroll would hold back now, in one query: suspended at the certification
    deadline (the last suspension came from certification), suspended for another reason, and recipients being
    paid with another state pension reported or confirmed (the payroll's own rule)."""
    last_suspension = Subquery(RecipientEvent.objects.filter(recipient=OuterRef("pk"), kind=RecipientEventKind.SUSPEND)
                               .order_by("-created_at", "-id").values("source")[:1])
    other = Exists(OtherPension.objects.filter(resident_id=OuterRef("resident_id"), status__in=LIVE_OTHER_PENSION))
    suspended = Q(status=RecipientStatus.SUSPENDED)
    # CASE: each sub-select runs only for the rows it concerns (a county pays 60,000, suspends a few hundred)
    counts = (Recipient.objects.filter(status__in=[RecipientStatus.SUSPENDED, RecipientStatus.ACTIVE])
              .annotate(source=Case(When(status=RecipientStatus.SUSPENDED, then=last_suspension),
                                    default=Value(""), output_field=CharField()),
                        other=Case(When(status=RecipientStatus.ACTIVE, then=other), default=Value(False),
                                   output_field=BooleanField()))
              .aggregate(certification=Count("pk", filter=suspended & Q(source__startswith="certification")),
                         suspended=Count("pk", filter=suspended & ~Q(source__startswith="certification")),
                         other_pension=Count("pk", filter=Q(status=RecipientStatus.ACTIVE, other=True))))
    return {key: counts[key] for key, _label in HELD_REASONS}


def held_rows(held: dict) -> list[tuple[str, str, int]]:
    """(key, label, count) for a payroll's recorded holds, every reason listed (0 when none)."""
    return [(key, label, int(held.get(key, 0))) for key, label in HELD_REASONS]
