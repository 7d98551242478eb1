"""Reads of residents, always through the area scope: lists, lookups, locks, statistics."""

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from pension import idnumber
from pension.models import Area, AreaLevel
from pension.scope import get_scoped_or_404, scope_queryset, scoped_areas

from ..models import (
    Enrollment,
    EpisodeStatus,
    Resident,
    name_search_key,
)

# A pseudo-status for the list filter: the people a clerk still has to win over.
ELIGIBLE_NOT_ENROLLED = "eligible_not_enrolled"


def _sixteen_years_before(day):
    try:
        return day.replace(year=day.year - 16)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 16, day=28)


def _eligible_not_enrolled(today) -> Q:
    """Not enrolled, 16 or older today, alive."""
    return Q(enrolment_status="not_enrolled", birth_date__lte=_sixteen_years_before(today), death_date__isnull=True)


def resident_list(
    *,
    user,
    township_code: str | None = None,
    village_id: int | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Resident]:
    """Residents the user may see, filtered. A township or village filter naming an area outside the user's
    scope (or no area at all) raises Http404: out of scope is absent, for filters as for ids."""
    qs = scope_queryset(user, Resident.objects.all()).select_related("township", "village", "natural_village")
    if township_code:
        township = scoped_areas(user, AreaLevel.TOWNSHIP).filter(code=township_code).first()
        if township is None:
            raise Http404
        qs = qs.filter(township_id=township.pk)
    if village_id:
        try:
            village_pk = int(village_id)
        except (TypeError, ValueError):
            raise Http404
        if not scoped_areas(user, AreaLevel.VILLAGE).filter(pk=village_pk).exists():
            raise Http404
        qs = qs.filter(village_id=village_pk)
    if status == ELIGIBLE_NOT_ENROLLED:
        qs = qs.filter(_eligible_not_enrolled(timezone.localdate()))
    elif status:
        qs = qs.filter(enrolment_status=status)
    term = "".join((q or "").split())
    if len(term) >= 2:
        # Clerks type a whole name, a surname or a given name: a substring match. Two characters or more
        # are matched on the tripled name, which PostgreSQL's trigram index serves (Resident.name_search).
        # Ordered by Lower(name) (the same order for Chinese names) so that the planner takes that index
        # rather than walking the (township, name, id) index hoping to meet matches early: matches cluster
        # by surname. See bench/seed_and_search.py.
        return qs.filter(name_search__contains=name_search_key(term)).order_by(Lower("name"), "id")
    if term:
        # One character (often a surname) matches thousands of rows in a big township: the filter runs on
        # the entries of the (township, name, id) index, which also gives the order (IdFirstPaginator).
        qs = qs.filter(name__contains=term)
    return qs.order_by("name", "id")


def resident_get(*, user, pk: int) -> Resident:
    return get_scoped_or_404(
        user, Resident.objects.select_related("township", "village", "natural_village", "registered_by"), pk=pk
    )


def resident_find_by_id_number(*, user, id_number: str) -> Resident | None:
    """The resident with this ID number if the user may see them, else None (no hint who it is)."""
    number = idnumber.normalize(id_number)
    return scope_queryset(user, Resident.objects.filter(id_number=number)).select_related(
        "township", "village", "natural_village"
    ).first()


def resident_candidates(*, user, term: str, limit: int = 20) -> list[Resident]:
    """Residents the user may see whose name holds `term`, or whose ID number ends with it (4 to 17 digits, an X
    allowed at the end): the entry screen's search when the clerk has no card at hand (issue 11 item 4)."""
    text = "".join((term or "").split()).upper()
    if not text:
        return []
    qs = scope_queryset(user, Resident.objects.all()).select_related("township", "village")
    digits = text[:-1] if text.endswith("X") else text
    if digits.isascii() and digits.isdigit() and 4 <= len(text) <= 17:
        qs = qs.filter(id_number__endswith=text).order_by("name", "id")
    elif any(ch.isdigit() for ch in text):
        return []
    else:
        qs = resident_list(user=user, q=text).select_related("township", "village")
    return list(qs[:limit])


def resident_lock_for_update(*, user, pk: int) -> Resident | None:
    """The resident, row-locked (SELECT ... FOR UPDATE) until the caller's transaction ends, if in the user's
    scope; else None. One query both locks and checks the scope. For another app's write that must be
    serialised per resident (collection's contribution entry: of fifty identical submissions the first inserts
    and the others then find its row). Call it inside ``transaction.atomic``; SQLite ignores the lock."""
    return scope_queryset(user, Resident.objects.filter(pk=pk)).select_for_update().first()


def resident_township_of(*, id_number: str) -> Area | None:
    """Only the township an ID number is registered in (for the duplicate message); no personal data."""
    row = Resident.objects.filter(id_number=idnumber.normalize(id_number)).select_related("township").first()
    return row.township if row else None

def residents_of_township(*, user, township: Area, with_enrolled_on: bool = False) -> QuerySet[Resident]:
    """The residents registered in a township, in the user's scope, unordered (collection's import narrows
    it to the ID numbers of a file and reads it in bulk, where a sort would be wasted). With
    `with_enrolled_on`, each carries `enrolled_on`, the start of their open enrolment (None without one)."""
    qs = scope_queryset(user, Resident.objects.filter(township=township)).order_by()
    if with_enrolled_on:
        open_episode = Enrollment.objects.filter(resident_id=OuterRef("pk")).exclude(status=EpisodeStatus.TERMINATED)
        qs = qs.annotate(enrolled_on=Subquery(open_episode.values("enrolled_on")[:1]))
    return qs


def resident_stats(*, user, today=None) -> dict:
    """Counts for the home page, in the user's scope: registered, enrolled, terminated, and eligible (16 or
    older, alive) but not enrolled; per township for county posts."""
    today = today or timezone.localdate()
    qs = scope_queryset(user, Resident.objects.all())
    eligible_not_enrolled = _eligible_not_enrolled(today)
    aggregates = {
        "total": Count("id"),
        "active": Count("id", filter=Q(enrolment_status="active")),
        "terminated": Count("id", filter=Q(enrolment_status="terminated")),
        "eligible_not_enrolled": Count("id", filter=eligible_not_enrolled),
    }
    # No rate here: 参保率 is defined once, over the survey's eligible population, by progress
    # (`progress.selectors.enrolment_rate`, issue 10 item 10); the home panel shows the counts.
    totals = qs.aggregate(**aggregates)
    rows = []
    if user.area and user.area.level == AreaLevel.COUNTY:
        names = dict(Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("id", "name"))
        codes = dict(Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("id", "code"))
        for row in qs.values("township_id").annotate(**aggregates).order_by("township_id"):
            row["name"], row["code"] = names.get(row["township_id"], ""), codes.get(row["township_id"], "")
            rows.append(row)
        rows.sort(key=lambda r: r["code"])
    return {"totals": totals, "townships": rows, "as_of": today}


# --- reads for progress -------------------------------------------------------------------------------
# Progress computes every area of the county at once (unscoped, one GROUP BY each), then shows each user
# their part of the snapshots it wrote.

def residents_born_between(*, user=None, first: datetime.date, last: datetime.date) -> QuerySet[Resident]:
    """Living residents born in [first, last] (benefits' newly-of-age list), in the user's scope when a user is
    given (a scheduled job passes none and reads the county)."""
    qs = Resident.objects.filter(birth_date__gte=first, birth_date__lte=last, death_date__isnull=True)
    if user is not None:
        qs = scope_queryset(user, qs)
    return qs


# --- reads for audit (quarterly samples, red flags, key-data requests; county-wide) ---

def residents_described(*, ids) -> dict[int, dict]:
    """{id: {name, township_id, village_id, death_date}}: no ID number, no birth date."""
    rows = Resident.objects.filter(id__in=list(ids)).values("id", "name", "township_id", "village_id", "death_date")
    return {r["id"]: r for r in rows}


def resident_key_data(*, resident_id: int) -> dict:
    """The resident's key data as it stands (the first enrolment month of the open or latest enrolment)."""
    r = Resident.objects.get(pk=resident_id)
    enrollment = r.enrollments.order_by("-enrolled_on", "-id").first()
    return {"name": r.name, "id_number": r.id_number, "birth_date": r.birth_date.isoformat(),
            "first_month": enrollment.first_month.isoformat()[:7] if enrollment else None}
