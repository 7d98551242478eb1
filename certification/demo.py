"""Demo certification (demo only): the year's campaign over the demo recipients, most of them certified by the
township clerks (mixed modes), some deaths found by a data-comparison import (half decided: pension stopped with
the overpayment, half left open for the county to decide), the deadline run if the deadline has passed, and one
published and posted notice per natural village, with township A's posting report received by the audit unit.
Runs after the benefits demo and before the progress demo (whose snapshot job writes the pass rates).

Records and roster updates are bulk-written for volume (docs/CONVENTIONS.md allows demo seeders that); the
standing changes (stop, suspend) go through benefits' services."""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from pension.models import Post
from pension.oplog import log_operation

from . import services
from .models import (
    Campaign,
    CampaignEntry,
    CertificationRun,
    ComparisonImport,
    ComparisonKind,
    EntryStatus,
    MatchCase,
    MatchKind,
    Mode,
    Notice,
    Record,
    Result,
)
from .services.records import match_case_open
from .services.system import system_reader

CERTIFIED_SHARE = 0.93
DEATH_SHARE = 0.01
MODES = [(Mode.ON_SITE, 55), (Mode.HOME_VISIT, 15), (Mode.OTHER_PLACE, 8), (Mode.DATA_COMPARISON, 15),
         (Mode.SELF_SERVICE, 7)]


def already_seeded() -> bool:
    return Campaign.objects.exists()


def _campaign_year(today: datetime.date) -> int:
    return today.year if today >= datetime.date(today.year, 5, 1) else today.year - 1


def seed_certification(*, county, residents, rng, staff, stdout=None, today=None) -> str:
    from benefits import selectors as benefits_selectors

    today = today or timezone.localdate()
    officer = next(u for u in staff if u.post == Post.COUNTY_OFFICER)
    officer2 = next(u for u in staff if u.post == Post.COUNTY_OFFICER and u.pk != officer.pk)
    auditor = next((u for u in staff if u.post == Post.AUDITOR), None)
    clerks = {u.area.township_id: u for u in staff if u.post == Post.TOWNSHIP_CLERK}
    campaign = services.campaign_create(actor=officer, year=_campaign_year(today))
    last_day = min(campaign.ends_on, today)
    span = (last_day - campaign.starts_on).days
    entries = list(CampaignEntry.objects.filter(campaign=campaign).order_by("id"))
    rng.shuffle(entries)
    n_dead = max(3, int(len(entries) * DEATH_SHARE)) if len(entries) > 10 else 0
    dead, rest = entries[:n_dead], entries[n_dead:]
    certify = rest[:int(len(rest) * CERTIFIED_SHARE)]
    modes, weights = zip(*MODES, strict=True)
    with transaction.atomic():
        records = []
        for e in certify:
            records.append(Record(
                resident_id=e.resident_id, campaign=campaign, township_id=e.township_id, village_id=e.village_id,
                natural_village_id=e.natural_village_id, mode=rng.choices(modes, weights)[0], result=Result.ALIVE,
                certified_on=campaign.starts_on + datetime.timedelta(days=rng.randint(0, max(span, 0))),
                source=Record.Source.WEB, recorded_by=clerks.get(e.township_id, officer)))
        Record.objects.bulk_create(records, batch_size=2000)
        for e, r in zip(certify, records, strict=True):
            e.status, e.record, e.certified_on, e.mode = EntryStatus.CERTIFIED, r, r.certified_on, r.mode
        CampaignEntry.objects.bulk_update(certify, ["status", "record", "certified_on", "mode"], batch_size=2000)
        log_operation(actor=None, action="demo.seed_certification", obj=campaign, after={"certified": len(certify)})
    stopped = _deaths(dead, officer, officer2, campaign, rng, benefits_selectors)
    deadline = ""
    if campaign.ends_on < today:
        run = services.deadline_request(actor=None, campaign=campaign, trigger=CertificationRun.Trigger.SCHEDULE,
                                        enqueue=False)
        run = services.deadline_execute(run_id=run.pk)
        deadline = f", {run.count} suspended at the deadline"
    notices = _notices(campaign, today, officer, clerks, auditor)
    return (f"campaign {campaign.year}: {len(entries)} due, {len(certify)} certified, {len(dead)} deaths found by "
            f"comparison ({stopped} stopped){deadline}; {notices} notices published and posted")


def _deaths(dead, officer, officer2, campaign, rng, benefits_selectors) -> int:
    if not dead:
        return 0
    reader = system_reader()
    with transaction.atomic():
        batch = ComparisonImport.objects.create(
            kind=ComparisonKind.DEATHS, source_name="县民政局殡葬管理所", filename="死亡名单.xlsx",
            status=ComparisonImport.Status.ACCEPTED, rows=len(dead), matched=len(dead), cases=len(dead),
            created_by=officer)
        for e in dead:
            recipient = benefits_selectors.recipient_for_resident(user=reader, resident_id=e.resident_id)
            day = campaign.starts_on - datetime.timedelta(days=rng.randint(20, 200))
            match_case_open(actor=officer, kind=MatchKind.DEATH, recipient=recipient, event_date=day,
                            source_import=batch, detail="死亡名单 县民政局殡葬管理所")
    stopped = 0
    for case in MatchCase.objects.filter(source_import=batch).order_by("id")[: (len(dead) + 1) // 2]:
        services.match_decide(actor=officer2, case=case, decision="stop", note="火化证明已核实")
        stopped += 1
    return stopped


def _notices(campaign, today, officer, clerks, auditor) -> int:
    run = CertificationRun.objects.create(kind=CertificationRun.Kind.NOTICES, requested_by=officer,
                                          trigger=CertificationRun.Trigger.BUTTON,
                                          period_start=campaign.starts_on, period_end=today)
    run = services.notices_execute(run_id=run.pk)
    with transaction.atomic():
        Notice.objects.filter(run=run).update(posted_on=today, posted_marked_by=officer)
        first = next(iter(sorted(clerks.items())), None)
        if first and auditor:
            township_id, clerk = first
            buf = io.BytesIO()
            Image.new("RGB", (200, 120), (250, 250, 250)).save(buf, "PNG")
            report = services.posting_report_submit(actor=clerk, run=run, township=clerk.area.township,
                                                    scan=ContentFile(buf.getvalue(), name="公示情况报告.png"),
                                                    note="各自然村已张贴，拍照存档。")
            services.posting_report_receive(actor=auditor, report=report)
    return Notice.objects.filter(run=run).count()


