"""Reads of certification data, always through the area scope. Other apps (progress, audit) read this app only
through the functions here."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pension.models import AreaLevel
from pension.scope import get_scoped_or_404, scope_queryset, scoped_areas

from .models import (
    Campaign,
    CampaignEntry,
    CertificationRun,
    EntryStatus,
    Evidence,
    MatchCase,
    Mode,
    Notice,
    Objection,
    PassSnapshot,
    PostingReport,
    Record,
)


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.all()


def campaign_get(*, pk) -> Campaign:
    try:
        return Campaign.objects.get(pk=int(pk))
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404


def campaign_current(day=None) -> Campaign | None:
    """The latest campaign begun by `day` (today): during it and after its deadline until the next one."""
    day = day or timezone.localdate()
    return Campaign.objects.filter(starts_on__lte=day).order_by("-year").first()


def _area_filter(user, qs, *, township_id=None, village_id=None, natural_village_id=None):
    for field, value, level in (("township_id", township_id, AreaLevel.TOWNSHIP),
                                ("village_id", village_id, AreaLevel.VILLAGE),
                                ("natural_village_id", natural_village_id, AreaLevel.NATURAL)):
        if value in (None, ""):
            continue
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise Http404
        if not scoped_areas(user, level).filter(pk=pk).exists():
            raise Http404
        qs = qs.filter(**{field: pk})
    return qs


def roster(*, user, campaign: Campaign, township_id=None, village_id=None, natural_village_id=None,
           status=None) -> QuerySet[CampaignEntry]:
    qs = scope_queryset(user, CampaignEntry.objects.filter(campaign=campaign)).select_related(
        "resident", "township", "village", "natural_village", "record__recorded_by")
    qs = _area_filter(user, qs, township_id=township_id, village_id=village_id,
                      natural_village_id=natural_village_id)
    if status in EntryStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("township__code", "village__code", "natural_village__code", "resident__name", "id")


def roster_counts(qs: QuerySet[CampaignEntry]) -> dict:
    row = qs.order_by().aggregate(due=Count("id"), certified=Count("id", filter=Q(status=EntryStatus.CERTIFIED)),
                                  closed=Count("id", filter=Q(status=EntryStatus.CLOSED)),
                                  suspended=Count("id", filter=Q(suspended_at__isnull=False, resumed_at__isnull=True)))
    row["open"] = row["due"] - row["certified"] - row["closed"]
    return row


def record_list(*, user, resident_id=None) -> QuerySet[Record]:
    qs = scope_queryset(user, Record.objects.all()).select_related("resident", "village", "recorded_by")
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
    return qs


def records_recent_by(*, user, limit: int = 8) -> list[Record]:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)  # the county's midnight
    return list(Record.objects.filter(recorded_by=user, recorded_at__gte=start)
                .select_related("resident", "village").order_by("-recorded_at", "-id")[:limit])


def record_get(*, user, pk) -> Record:
    return get_scoped_or_404(user, Record.objects.select_related("resident", "township", "village",
                                                                 "natural_village", "recorded_by"), pk=pk)


def evidence_get(*, user, pk) -> Evidence:
    return get_scoped_or_404(user, Evidence.objects.all(), pk=pk)


def notice_list(*, user, natural_village_id=None, township_id=None, run_id=None) -> QuerySet[Notice]:
    qs = scope_queryset(user, Notice.objects.all()).select_related("natural_village", "village", "township")
    qs = _area_filter(user, qs, township_id=township_id, natural_village_id=natural_village_id)
    if run_id not in (None, ""):
        try:
            qs = qs.filter(run_id=int(run_id))
        except (TypeError, ValueError):
            raise Http404
    return qs.order_by("-published_on", "natural_village__code")


def notice_get(*, user, pk) -> Notice:
    return get_scoped_or_404(user, Notice.objects.select_related("natural_village", "village", "township", "run"),
                             pk=pk)


def objection_get(*, user, pk) -> Objection:
    return get_scoped_or_404(user, Objection.objects.select_related("notice"), pk=pk)


def notice_runs(*, kind=CertificationRun.Kind.NOTICES) -> QuerySet[CertificationRun]:
    return CertificationRun.objects.filter(kind=kind).select_related("requested_by", "campaign")


def run_get(*, pk, kind=CertificationRun.Kind.NOTICES) -> CertificationRun:
    try:
        return CertificationRun.objects.get(pk=int(pk), kind=kind)
    except (CertificationRun.DoesNotExist, ValueError, TypeError):
        raise Http404


def posting_status(*, user, run: CertificationRun) -> list[dict]:
    """Per township in scope: notices, how many posted, the villages not posted, the report if any."""
    notices = scope_queryset(user, Notice.objects.filter(run=run)).select_related("natural_village", "village")
    reports = {r.township_id: r for r in scope_queryset(user, PostingReport.objects.filter(run=run))
               .select_related("submitted_by", "received_by")}
    out = {}
    for t in scoped_areas(user, AreaLevel.TOWNSHIP).order_by("code"):
        out[t.pk] = {"township": t, "notices": 0, "posted": 0, "not_posted": [], "report": reports.get(t.pk)}
    for n in notices.order_by("natural_village__code"):
        row = out.get(n.township_id)
        if row is None:
            continue
        row["notices"] += 1
        if n.posted_on:
            row["posted"] += 1
        else:
            row["not_posted"].append(n)
    return [row for row in out.values() if row["notices"]]


def posting_report_get(*, user, pk) -> PostingReport:
    return get_scoped_or_404(user, PostingReport.objects.select_related("township", "scan", "run"), pk=pk)


def match_list(*, user, status=None) -> QuerySet[MatchCase]:
    qs = scope_queryset(user, MatchCase.objects.all()).select_related("resident", "village", "raised_by",
                                                                      "decided_by", "source_import")
    if status:
        qs = qs.filter(status=status)
    return qs


def match_get(*, user, pk) -> MatchCase:
    return get_scoped_or_404(user, MatchCase.objects.select_related("resident", "village", "raised_by"), pk=pk)


def suspended_at_deadline(*, user, campaign: Campaign) -> QuerySet[CampaignEntry]:
    """Who the deadline suspended and who is still suspended, per township (ordered for grouping)."""
    return roster(user=user, campaign=campaign).filter(suspended_at__isnull=False)


def pass_counts(*, campaign: Campaign) -> dict:
    """{(township_id, village_id): {"due", "certified", mode: n}} over the whole campaign (the snapshot job)."""
    rows = (CampaignEntry.objects.filter(campaign=campaign).exclude(status=EntryStatus.CLOSED).order_by()
            .values("township_id", "village_id", "status", "mode").annotate(n=Count("id")))
    out = {}
    for r in rows:
        cell = out.setdefault((r["township_id"], r["village_id"]), {"due": 0, "certified": 0, "by_mode": {}})
        cell["due"] += r["n"]
        if r["status"] == EntryStatus.CERTIFIED:
            cell["certified"] += r["n"]
            cell["by_mode"][r["mode"]] = cell["by_mode"].get(r["mode"], 0) + r["n"]
    return out


def pass_snapshots(*, user, campaign: Campaign, level: str, township_id=None) -> QuerySet[PassSnapshot]:
    day = (PassSnapshot.objects.filter(campaign=campaign, current=True).order_by("-day")
           .values_list("day", flat=True).first())
    qs = scope_queryset(user, PassSnapshot.objects.filter(campaign=campaign, current=True, day=day, level=level))
    if township_id:
        qs = qs.filter(township_id=township_id)
    return qs.select_related("area")


MODES = Mode.choices


# --- reads for audit (quarterly samples and red flags; county-wide) ---


def certifications_recorded_between(*, start, end) -> list:
    """(record id, day certified) of the certifications recorded in the period."""
    from .models import Record

    return list(Record.objects.filter(certified_on__range=(start, end)).order_by("id")
                .values_list("id", "certified_on"))


def certifications_described(*, ids) -> dict:
    from .models import Record

    return {r["id"]: r for r in Record.objects.filter(id__in=list(ids)).values(
        "id", "resident_id", "resident__name", "mode", "result", "certified_on", "recorded_by_id")}


def suspensions_between(*, start, end) -> list:
    """(campaign entry id, day) of the payments suspended at a campaign's deadline in the period."""
    from .models import CampaignEntry

    rows = CampaignEntry.objects.filter(suspended_at__date__range=(start, end)).order_by("id")
    return [(pk, at.date()) for pk, at in rows.values_list("id", "suspended_at")]


def suspensions_described(*, ids) -> dict:
    from .models import CampaignEntry

    return {r["id"]: r for r in CampaignEntry.objects.filter(id__in=list(ids)).values(
        "id", "resident_id", "resident__name", "campaign_id")}


def certifications_per_user_day(*, more_than: int, since) -> list[dict]:
    """(user, day, count) where one user recorded more than `more_than` certifications in a day (by the day they
    were recorded), since a day."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from .models import Record

    return list(Record.objects.filter(recorded_at__date__gte=since).annotate(day=TruncDate("recorded_at"))
                .values("recorded_by_id", "day").annotate(n=Count("id")).filter(n__gt=more_than)
                .order_by("day", "recorded_by_id"))
