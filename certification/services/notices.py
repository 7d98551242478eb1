"""Public notices (公示): one per natural village with anything to publish, built in bulk by a run (the beat
job or the county's button); marking them posted; objections; the township's posting report.

A notice's rows are built here, masked, and stored: name, gender, masked ID (first 6 and last 4), what
happened and the date. No full ID number, bank account, phone or birth date ever enters a notice."""

import datetime
import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benefits import selectors as benefits_selectors
from pension import idnumber, outbox
from pension.errors import Conflict
from pension.models import Area
from pension.oplog import log_operation, snapshot
from pension.permissions import require_post
from pension.runs import claim_run
from pension.scope import area_in_scope, scope_queryset

from ..apps import AUDIT_UNIT, COUNTY, RECORDERS, TOWNSHIP_POSTERS
from ..models import (
    Campaign,
    CampaignEntry,
    CertificationRun,
    EntryStatus,
    Mode,
    Notice,
    NoticeParameter,
    Objection,
    PostingReport,
)
from .evidence import evidence_store
from .system import system_reader

log = logging.getLogger(__name__)
DEFAULT_WINDOW_DAYS = 7
FIRST_PERIOD_DAYS = 30
ACTIVE = (CertificationRun.Status.QUEUED, CertificationRun.Status.RUNNING)
STOP_WHY = {"stop_death": gettext_lazy("Death"), "stop_double": gettext_lazy("Receives another pension")}


def window_days(day: datetime.date) -> int:
    row = NoticeParameter.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return row.window_days if row else DEFAULT_WINDOW_DAYS


def _next_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = (CertificationRun.objects.filter(kind=CertificationRun.Kind.NOTICES,
                                            status=CertificationRun.Status.SUCCEEDED)
            .order_by("-period_end").values_list("period_end", flat=True).first())
    start = last + datetime.timedelta(days=1) if last else today - datetime.timedelta(days=FIRST_PERIOD_DAYS)
    return min(start, today), today


@transaction.atomic
def notices_request(*, actor, trigger: str = CertificationRun.Trigger.BUTTON, enqueue: bool = True) -> CertificationRun:
    """Queue a publication run for the period since the last one (the county's button, or the beat job). The task
    goes through the outbox: a row of this transaction, sent by name after commit (or by the flush job)."""
    if actor is not None:
        require_post(actor, COUNTY)
    if CertificationRun.objects.filter(kind=CertificationRun.Kind.NOTICES, status__in=ACTIVE).exists():
        raise Conflict({"run": _("Notices are already being published; wait for that run to finish.")})
    start, end = _next_period(timezone.localdate())
    run = CertificationRun.objects.create(kind=CertificationRun.Kind.NOTICES, trigger=trigger,
                                          requested_by=actor, period_start=start, period_end=end)
    log_operation(actor=actor, action="notices.request", obj=run,
                  after={"period_start": start.isoformat(), "period_end": end.isoformat()})
    if enqueue:
        run.outbox_message = outbox.enqueue("certification.publish_notices", run_id=run.pk)
    return run


def notices_scheduled() -> CertificationRun | None:
    """The beat job: publish everything since the last run, unless a run has covered today or one is under way."""
    today = timezone.localdate()
    runs = CertificationRun.objects.filter(kind=CertificationRun.Kind.NOTICES)
    done = (runs.filter(status__in=ACTIVE).first()
            or runs.filter(status=CertificationRun.Status.SUCCEEDED, period_end__gte=today).first())
    if done is not None:
        return done
    return notices_request(actor=None, trigger=CertificationRun.Trigger.SCHEDULE)


def _row(section, resident_name, gender, id_number, detail, day, resident_id):
    return {"section": section, "name": resident_name, "gender": gender, "id": idnumber.mask(id_number),
            "detail": str(detail), "date": day.isoformat() if day else "", "resident": resident_id}


def build_rows(*, start: datetime.date, end: datetime.date) -> dict[int, list[dict]]:
    """Rows per natural village (the village itself for a recipient without one), from two queries."""
    rows = defaultdict(list)
    modes = dict(Mode.choices)
    gender = {"M": str(_("Male")), "F": str(_("Female"))}
    entries = (CampaignEntry.objects.filter(status=EntryStatus.CERTIFIED, certified_on__gte=start,
                                            certified_on__lte=end)
               .order_by("certified_on", "id")
               .values_list("natural_village_id", "village_id", "resident_id", "resident__name",
                            "resident__gender", "resident__id_number", "mode", "certified_on"))
    for natural_id, village_id, rid, name, sex, number, mode, day in entries.iterator(chunk_size=10000):
        rows[natural_id or village_id].append(
            _row(Notice.Section.CERTIFIED, name, gender.get(sex, ""), number, modes.get(mode, mode), day, rid))
    events = benefits_selectors.recipient_events_between(user=system_reader(), start=start, end=end)
    for event in events.iterator(chunk_size=5000):
        r = event.recipient
        resident = r.resident
        if event.kind == "award":
            section, detail = Notice.Section.STARTED, _("From %(month)s, %(amount)s yuan a month") % {
                "month": event.month.strftime("%Y-%m"), "amount": r.monthly_amount}
        else:
            section, detail = Notice.Section.STOPPED, STOP_WHY.get(event.kind, event.get_kind_display())
        rows[r.natural_village_id or r.village_id].append(
            _row(section, resident.name, gender.get(resident.gender, ""), resident.id_number, detail, event.date,
                 resident.pk))
    return rows


def notices_execute(*, run_id: int) -> CertificationRun:
    """Carry out a queued run. Claimed with one conditional UPDATE, so a redelivered task does nothing; a failure
    is recorded on the run (nothing of it written) for the county to see."""
    claimed = claim_run(CertificationRun, run_id, waiting=Q(status=CertificationRun.Status.QUEUED),
                        status=CertificationRun.Status.RUNNING, started_at=timezone.now())
    run = CertificationRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        with transaction.atomic():
            count = _publish(run)
            CertificationRun.objects.filter(pk=run_id).update(
                status=CertificationRun.Status.SUCCEEDED, finished_at=timezone.now(), count=count)
            log_operation(actor=run.requested_by, action="notices.publish", obj=run, after={"notices": count})
    except Exception as exc:  # noqa: BLE001 - recorded on the run for the county to see
        log.exception("notice run %s failed", run_id)
        CertificationRun.objects.filter(pk=run_id).update(status=CertificationRun.Status.FAILED,
                                                          finished_at=timezone.now(), error=_error(exc))
    run.refresh_from_db()
    return run


def _error(exc: Exception) -> str:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
    return text[:2000]


def _publish(run: CertificationRun) -> int:
    today = timezone.localdate()
    rows = build_rows(start=run.period_start, end=run.period_end)
    areas = {a.pk: a for a in Area.objects.filter(pk__in=rows.keys()).only("id", "level", "parent_id",
                                                                              "township_id")}
    campaign = Campaign.objects.filter(starts_on__lte=run.period_end).order_by("-year").first()
    window_end = today + datetime.timedelta(days=window_days(today))
    notices = []
    for area_id, area_rows in rows.items():
        area = areas[area_id]
        village_id = area.parent_id if area.level == "natural" else area.pk
        counts = defaultdict(int)
        for r in area_rows:
            counts[r["section"]] += 1
        notices.append(Notice(
            run=run, campaign=campaign, natural_village_id=area_id, village_id=village_id,
            township_id=area.township_id, period_start=run.period_start, period_end=run.period_end,
            published_on=today, window_ends_on=window_end, rows=area_rows,
            certified_count=counts[Notice.Section.CERTIFIED], started_count=counts[Notice.Section.STARTED],
            stopped_count=counts[Notice.Section.STOPPED]))
    Notice.objects.bulk_create(notices, batch_size=500)
    return len(notices)


@transaction.atomic
def notice_mark_posted(*, actor, notice: Notice, posted_on: datetime.date) -> Notice:
    require_post(actor, TOWNSHIP_POSTERS)
    _require_in_scope(actor, notice)
    if not isinstance(posted_on, datetime.date) or posted_on > timezone.localdate() or posted_on < notice.published_on:
        raise ValidationError({"posted_on": _("The posting date must lie between publication and today.")})
    before = snapshot(notice, ["posted_on"])
    notice.posted_on, notice.posted_marked_by = posted_on, actor
    notice.save(update_fields=["posted_on", "posted_marked_by"])
    log_operation(actor=actor, action="notice.posted", obj=notice, before=before,
                  after=snapshot(notice, ["posted_on"]), area=notice.village)
    return notice


@transaction.atomic
def objection_record(*, actor, notice: Notice, raised_by: str, content: str, about_resident_id=None) -> Objection:
    """An objection raised during the publication window (who, about whom on the notice, what)."""
    require_post(actor, RECORDERS)
    _require_in_scope(actor, notice)
    raised_by, content = (raised_by or "").strip(), (content or "").strip()
    errors = {}
    if not raised_by or len(raised_by) > 50:
        errors["raised_by"] = _("Enter who raises the objection (at most 50 characters).")
    if not content:
        errors["content"] = _("Enter what the objection says.")
    listed = {r["resident"] for r in notice.rows}
    if about_resident_id not in (None, "") and _int(about_resident_id) not in listed:
        errors["about_resident"] = _("Choose a person listed on this notice.")
    if timezone.localdate() > notice.window_ends_on:
        errors["notice"] = _("The publication window closed on %(day)s.") % {"day": notice.window_ends_on}
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        notice=notice, township_id=notice.township_id, village_id=notice.village_id, raised_by=raised_by,
        about_resident_id=_int(about_resident_id) if about_resident_id not in (None, "") else None,
        content=content, recorded_by=actor)
    log_operation(actor=actor, action="objection.record", obj=objection,
                  after=snapshot(objection, ["notice", "raised_by", "about_resident", "content"]), area=notice.village)
    return objection


def _require_in_scope(actor, obj) -> None:
    """Another area's notice or objection is absent for this actor (404), whoever calls the service."""
    if not scope_queryset(actor, type(obj).objects.filter(pk=obj.pk)).exists():
        raise Http404


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@transaction.atomic
def objection_resolve(*, actor, objection: Objection, resolution: str) -> Objection:
    require_post(actor, TOWNSHIP_POSTERS)
    _require_in_scope(actor, objection)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Enter how the objection was resolved.")})
    if objection.resolved_at is not None:
        raise Conflict({"resolution": _("This objection has been resolved already.")})
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, actor, timezone.now()
    objection.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    log_operation(actor=actor, action="objection.resolve", obj=objection, after={"resolution": resolution},
                  area=objection.village)
    return objection


@transaction.atomic
def posting_report_submit(*, actor, run: CertificationRun, township: Area, scan, note: str = "") -> PostingReport:
    """The township's stamped write-up of the posting, for the county audit unit."""
    require_post(actor, TOWNSHIP_POSTERS)
    if not area_in_scope(actor, township) or township.level != "township":
        raise Http404
    if scan is None:
        raise ValidationError({"scan": _("Attach the stamped scan of the posting report.")})
    if PostingReport.objects.filter(run=run, township=township).exists():
        raise Conflict({"scan": _("This township has reported the posting of these notices already.")})
    evidence = evidence_store(actor=actor, upload=scan, township=township, field="scan")
    report = PostingReport.objects.create(run=run, township=township, scan=evidence, note=(note or "").strip(),
                                          submitted_by=actor)
    log_operation(actor=actor, action="posting_report.submit", obj=report, after={"run": run.pk}, area=township)
    return report


@transaction.atomic
def posting_report_receive(*, actor, report: PostingReport) -> PostingReport:
    require_post(actor, AUDIT_UNIT)
    report = PostingReport.objects.select_for_update().get(pk=report.pk)
    if report.received_at is not None:
        raise Conflict({"report": _("This report has been marked received already.")})
    report.received_by, report.received_at = actor, timezone.now()
    report.save(update_fields=["received_by", "received_at"])
    log_operation(actor=actor, action="posting_report.receive", obj=report, after={"received": True},
                  area=report.township)
    return report
