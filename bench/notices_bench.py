"""Certification at county scale: village notices for every natural village, and recording p95.

Builds (once, reused on later runs) a county of 500,000 residents with >= 60,000 pension recipients on a
campaign roster, ~93% certified, and a few thousand awards and stops in the notice period; then times
  1. one notice run for the whole county (every natural village with something to publish), target < 60 s;
  2. recording a certification through the entry screen (POST /certification/entry/save/, Django test client
     in-process, server time), p95 target < 50 ms.
Everything timed is rolled back, so the built data stays as it was. `--small` builds 5,000 residents (CI);
`--residents N` a county of N residents (an eighth of them recipients), in its own database by default.

`--use-existing` builds nothing: it runs on the shared county database (BENCH_DB, default pension_bench, built by
`BENCH_PENSIONS=1 bench/build_bench_db.sh`; `bench/run_all.py` uses it so) with its residents, recipients and
payrolls as they are. Inside ONE transaction that is rolled back at the end it adds two bench users, this year's
campaign through the service (its roster: every recipient due), ~93% of the roster certified by set-based SQL, then
times the same two things. The database is left as it was; it is not migrated (it is the lead's, migrated by the
build).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pension_cert_bench .venv/bin/python bench/notices_bench.py \
        [--small | --residents N]
    BENCH_DB=pension_bench .venv/bin/python bench/notices_bench.py --use-existing [--small]
"""

import datetime
import os
import random
import sys
import time
from decimal import Decimal

SMALL = "--small" in sys.argv
USE_EXISTING = "--use-existing" in sys.argv
SIZE = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--residents=")), None)
if "--residents" in sys.argv:
    SIZE = int(sys.argv[sys.argv.index("--residents") + 1])
if "DATABASE_URL" not in os.environ and not USE_EXISTING:  # --use-existing: BENCH_DB (_setup's default)
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/pension_cert_bench" + (
        "_small" if SMALL else f"_{SIZE}" if SIZE else "")

import _setup  # noqa: E402,F401  (Django set-up)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from figures import figure  # noqa: E402

RESIDENTS = 5_000 if SMALL else SIZE or 500_000
RECORDINGS = 50 if SMALL else 300
NOTICE_TARGET, NOTICE_FLOOR = 60.0, 120.0
RECORD_TARGET, RECORD_FLOOR = 50.0, 100.0


def ensure_database(*, create: bool = True):
    import psycopg2

    name = connection.settings_dict["NAME"]
    conn = psycopg2.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            if not create:
                sys.exit(f"no database {name} (yet?): build it with BENCH_DB={name} BENCH_PENSIONS=1 "
                         "bench/build_bench_db.sh; it is ready when its ready-file exists")
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def build():
    from benefits.models import Recipient, RecipientEvent
    from certification import services
    from certification.models import Campaign
    from enrollment.models import Resident, name_search_key
    from pension import idnumber
    from pension.models import Area, AreaLevel, Post, User
    from pension.services import areas_load_county

    if Campaign.objects.exists():
        return
    t0 = time.perf_counter()
    county = areas_load_county(code="140431")
    officer = User.objects.create(username="bench_officer", post=Post.COUNTY_OFFICER, area=county)
    township = Area.objects.filter(level=AreaLevel.TOWNSHIP).order_by("code").first()
    clerk = User.objects.create(username="bench_clerk", post=Post.TOWNSHIP_CLERK, area=township)
    naturals = list(Area.objects.filter(level=AreaLevel.NATURAL).values_list("id", "parent_id", "township_id"))
    rng = random.Random(2026)
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
    seq, rows = {}, []
    recipients_wanted = 620 if SMALL else RESIDENTS * 62 // 500 if SIZE else max(60_000, RESIDENTS * 62 // 500)
    for i in range(RESIDENTS):
        old = i < recipients_wanted
        birth = datetime.date(rng.randint(1930, 1965) if old else rng.randint(1966, 2008), rng.randint(1, 12),
                             rng.randint(1, 28))
        n = seq.get(birth, 0)
        seq[birth] = n + 1
        natural, village, town = naturals[rng.randrange(len(naturals))]
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        number = idnumber.build("140431", birth, n)
        rows.append(Resident(name=name, name_search=name_search_key(name), id_number=number,
                             gender="M" if n % 2 else "F", birth_date=birth, township_id=town, village_id=village,
                             natural_village_id=natural, enrolment_status="active",
                             phone=f"139{rng.randint(10**7, 10**8 - 1)}", bank_account=f"62284800{i:011d}"))
    Resident.objects.bulk_create(rows, batch_size=5000)
    print(f"  residents: {time.perf_counter() - t0:.1f} s")
    today = timezone.localdate()
    start_recent = today.replace(day=1)
    people = Resident.objects.filter(birth_date__lte=datetime.date(1965, 12, 31)).order_by("id").values_list(
        "id", "township_id", "village_id", "natural_village_id")
    recipients = []
    for k, (rid, town, village, natural) in enumerate(people.iterator(chunk_size=10000)):
        recent = k % 25 == 0  # ~4% awarded this month: "pension started" rows on the notices
        recipients.append(Recipient(resident_id=rid, township_id=town, village_id=village, natural_village_id=natural,
                                    monthly_amount=Decimal("213.00"), basic_amount=Decimal("188.00"),
                                    basic_national=Decimal("143.00"), basic_provincial=Decimal("25.00"),
                                    basic_county=Decimal("20.00"), account_amount=Decimal("25.00"),
                                    start_month=start_recent if recent else datetime.date(2018, 1, 1),
                                    paid_through=start_recent if not recent else None))
    Recipient.objects.bulk_create(recipients, batch_size=5000)
    RecipientEvent.objects.bulk_create(
        [RecipientEvent(recipient=r, kind="award", month=r.start_month, date=r.start_month, source="bench", reason="bench award") for r in recipients],
        batch_size=5000)
    print(f"  recipients: {len(recipients):,} ({time.perf_counter() - t0:.1f} s)")
    with transaction.atomic():
        campaign = services.campaign_create(actor=officer, year=today.year,
                                            starts_on=today - datetime.timedelta(days=40),
                                            ends_on=today + datetime.timedelta(days=20))
    entries, done = certify_most(campaign=campaign, clerk=clerk, rng=rng)
    print(f"  roster: {len(entries):,} due, {len(done):,} certified ({time.perf_counter() - t0:.1f} s)")


def certify_most(*, campaign, clerk, rng) -> tuple[list, list]:
    """~93% of the roster certified in the campaign's first 40 days: records bulk-written, the roster updated."""
    from certification.models import CampaignEntry, EntryStatus, Record

    today = timezone.localdate()
    entries = list(CampaignEntry.objects.filter(campaign=campaign).order_by("id"))
    done = [e for e in entries if rng.random() < 0.93]
    records = [Record(resident_id=e.resident_id, campaign=campaign, township_id=e.township_id,
                      village_id=e.village_id, natural_village_id=e.natural_village_id, mode="on_site",
                      result="alive", certified_on=max(campaign.starts_on, today - datetime.timedelta(
                          days=rng.randint(0, 39))), recorded_by=clerk) for e in done]
    Record.objects.bulk_create(records, batch_size=5000)
    # One set-based UPDATE (bulk_update's CASE WHEN over 57,000 rows took minutes per 5,000 under load).
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {CampaignEntry._meta.db_table} e SET status = %s, record_id = r.id, "
                    "certified_on = r.certified_on, mode = r.mode "
                    f"FROM {Record._meta.db_table} r WHERE r.resident_id = e.resident_id AND r.campaign_id = %s "
                    "AND e.campaign_id = %s", [EntryStatus.CERTIFIED, campaign.pk, campaign.pk])
        # Inside a transaction ANALYZE counts the rows it inserted: the planner sees the roster as it is now.
        cur.execute(f"ANALYZE {CampaignEntry._meta.db_table}, {Record._meta.db_table}")
    return entries, done


def prepare_existing():
    """On the shared county (inside the caller's transaction, rolled back): two bench users, this year's campaign
    over the recipients already there (or the campaign of this year if the database has one), most certified.
    Returns (campaign, officer, clerk): the clerk of the township with the most people still due."""
    from django.db.models import Count

    from benefits.models import Recipient
    from certification import services
    from certification.models import Campaign, CampaignEntry
    from pension.models import Area, AreaLevel, Post, User

    if not Recipient.objects.exists():
        sys.exit(f"{connection.settings_dict['NAME']} has no pension recipients: build it with "
                 "BENCH_PENSIONS=1 bench/build_bench_db.sh (or run without --use-existing)")
    t0 = time.perf_counter()
    county = Area.objects.get(level=AreaLevel.COUNTY)
    officer = User.objects.create(username="bench_cert_officer", post=Post.COUNTY_OFFICER, area=county)
    today = timezone.localdate()
    campaign = Campaign.objects.filter(year=today.year).first()
    if campaign is None:
        campaign = services.campaign_create(actor=officer, year=today.year,
                                            starts_on=today - datetime.timedelta(days=40),
                                            ends_on=today + datetime.timedelta(days=20))
        entries, done = certify_most(campaign=campaign, clerk=officer, rng=random.Random(2026))
        print(f"  campaign {campaign.year} made: {len(entries):,} due, {len(done):,} certified "
              f"({time.perf_counter() - t0:.1f} s, to be rolled back)")
    else:
        print(f"  campaign {campaign.year} found in the database: used as it is")
    busiest = (CampaignEntry.objects.filter(campaign=campaign, status="due").values("township_id")
               .annotate(n=Count("id")).order_by("-n").first())
    township = Area.objects.get(pk=busiest["township_id"]) if busiest else county
    clerk = User.objects.create(username="bench_cert_clerk", post=Post.TOWNSHIP_CLERK, area=township)
    return campaign, officer, clerk


def time_notices(campaign) -> tuple[float, int]:
    from certification.models import CertificationRun
    from certification.services import notices_execute

    t0 = time.perf_counter()
    with transaction.atomic():
        run = CertificationRun.objects.create(kind="notices", trigger="button", period_start=campaign.starts_on,
                                              period_end=timezone.localdate())
        run = notices_execute(run_id=run.pk)
        elapsed = time.perf_counter() - t0
        assert run.status == "succeeded", run.error
        count = run.count
        transaction.set_rollback(True)
    return elapsed, count


def time_recording(campaign, clerk, officer) -> tuple[list[float], list[float]]:
    from certification.models import CampaignEntry

    qs = CampaignEntry.objects.filter(campaign=campaign, status="due")
    if not SMALL:
        # A township clerk at work: the people still due in the clerk's township.
        qs = qs.filter(township_id=clerk.area.township_id)
    else:
        clerk = officer
    numbers = list(qs.order_by("id").values_list("resident__id_number", flat=True)[:RECORDINGS])
    client = Client()
    client.force_login(clerk)
    times, cpu = [], []
    with transaction.atomic():
        for _ in range(3):  # warm-up: templates, translations, session (not timed)
            client.post("/certification/entry/save/", {"id_number": "1", "result": "alive", "mode": "on_site"})
        for number in numbers:
            t0, c0 = time.perf_counter(), time.process_time()
            html = client.post("/certification/entry/save/", {"id_number": number, "result": "alive",
                                                              "mode": "on_site"}, HTTP_HX_REQUEST="true")
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)  # this process's CPU: what the load does not stretch
            assert "saved-message" in html.content.decode(), html.content[:300]
        transaction.set_rollback(True)
    return times, cpu


def main():
    if USE_EXISTING:
        ensure_database(create=False)
        with transaction.atomic():
            campaign, officer, clerk = prepare_existing()
            measure(campaign=campaign, clerk=clerk, officer=officer)
            transaction.set_rollback(True)  # the shared county stays as it was
        return
    ensure_database()
    call_command("migrate", verbosity=0)
    build()
    from certification.models import Campaign
    from pension.models import User

    measure(campaign=Campaign.objects.get(), clerk=User.objects.get(username="bench_clerk"),
            officer=User.objects.get(username="bench_officer"))


def measure(*, campaign, clerk, officer):
    from benefits.models import Recipient
    from enrollment.models import Resident
    from pension.models import Area

    print(f"scale: {Resident.objects.count():,} residents, {Recipient.objects.count():,} recipients, "
          f"{Area.objects.filter(level='natural').count():,} natural villages "
          f"(database {connection.settings_dict['NAME']})")
    seconds, notices = time_notices(campaign)
    times, cpu = time_recording(campaign, clerk, officer)
    p95 = _setup.percentile(times, 95)
    print(f"{'measure':<40} {'figure':>10} {'target':>10} {'floor':>10}")
    print(f"{'notices for every natural village (s)':<40} {seconds:>10.1f} {NOTICE_TARGET:>10.0f} "
          f"{NOTICE_FLOOR:>10.0f}   ({notices:,} notices)")
    print(f"{'recording a certification p95 (ms)':<40} {p95:>10.1f} {RECORD_TARGET:>10.0f} {RECORD_FLOOR:>10.0f}"
          f"   (n={len(times)}, p50 {_setup.percentile(times, 50):.1f}, max {max(times):.1f}; "
          f"server CPU p50 {_setup.percentile(cpu, 50):.1f}, p95 {_setup.percentile(cpu, 95):.1f})")
    figure("certification: notices for every natural village (s)", f"< {NOTICE_TARGET:.0f}", seconds)
    figure("certification: recording p95 (ms)", f"< {RECORD_TARGET:.0f}", p95)


if __name__ == "__main__":
    main()
