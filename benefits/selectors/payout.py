import datetime

from django.db.models import Count, Exists, OuterRef, Q

from enrollment.models import ResidentStanding

from ..models import ELIGIBLE_VERDICTS, DueEntry, Recipient, RecipientStatus


def payout_counts_by_village(*, year: int) -> dict[int, dict]:
    """{village_id: {"due_eligible": n, "due_awarded": n}} for the payout rate (发放率) of progress: residents on
    the newly-of-age lists of the year's months whose verdict makes them eligible, and how many of them receive
    a pension. One GROUP BY over the lists."""
    rows = (DueEntry.objects.filter(month__gte=datetime.date(year, 1, 1), month__lte=datetime.date(year, 12, 1),
                                    verdict__in=ELIGIBLE_VERDICTS)
            .annotate(paid=Exists(Recipient.objects.filter(resident_id=OuterRef("resident_id"))))
            .values("village_id").annotate(due_eligible=Count("id"), due_awarded=Count("id", filter=Q(paid=True)))
            .order_by())
    return {r["village_id"]: {"due_eligible": r["due_eligible"], "due_awarded": r["due_awarded"]} for r in rows}


def recipients_not_enrolled_by_village() -> dict[int, int]:
    """{village_id: residents receiving a pension (not stopped) whose registry standing is not an active
    enrolment} in one GROUP BY: progress counts them as enrolled in the enrolment rate (issue 10 item 10)."""
    rows = (Recipient.objects.exclude(status=RecipientStatus.STOPPED)
            .exclude(resident__enrolment_status=ResidentStanding.ACTIVE)
            .values("resident__village_id").annotate(n=Count("resident_id", distinct=True)).order_by())
    return {r["resident__village_id"]: r["n"] for r in rows}
