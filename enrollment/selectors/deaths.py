"""Deaths and endings: who died when, and whether a resident has left the scheme."""

import datetime

from ..models import (
    Enrollment,
    EpisodeStatus,
    Resident,
    ResidentStanding,
    TerminationReason,
)


def death_dates(*, died_by: datetime.date) -> dict[int, datetime.date]:
    """{resident id: death date} of residents recorded dead on or before `died_by` (funds' interest run stops
    a dead resident's account at the month of death)."""
    return dict(Resident.objects.filter(death_date__lte=died_by).order_by().values_list("id", "death_date"))


def death_dates_of(*, resident_ids) -> dict[int, datetime.date]:
    """{resident id: death date} of those of `resident_ids` recorded dead."""
    return dict(Resident.objects.filter(id__in=list(resident_ids), death_date__isnull=False).order_by()
                .values_list("id", "death_date"))


def resident_ending(*, resident: Resident) -> dict | None:
    """How the resident left the scheme, if they did: {"reason": TerminationReason value, "date": date}, from the
    recorded death date or, for a terminated resident, the latest terminated enrolment; None while they are
    alive and not terminated. Collection re-checks this when the county approves an entry (issue 10 item 4)."""
    if resident.death_date:
        return {"reason": TerminationReason.DEATH, "date": resident.death_date}
    if resident.enrolment_status != ResidentStanding.TERMINATED:
        return None
    ended = (Enrollment.objects.filter(resident_id=resident.pk, status=EpisodeStatus.TERMINATED)
             .order_by("-terminated_on", "-id").values("termination_reason", "terminated_on").first())
    if ended is None:
        return {"reason": "", "date": None}
    return {"reason": ended["termination_reason"], "date": ended["terminated_on"]}
