"""Demo pensions (demo only): every living resident aged 60 or more gets an approved award (proposed by one
county officer, approved by another) and twelve monthly payrolls, generated, approved, sent and returned paid; a
few recipients are suspended and resumed (arrears), a few die or are found receiving another pension
(overpayments, settlements), and some overpayments are partly recovered. Runs after the collection and funds demos.

Built for speed: awards, recipients and their award events are bulk-written from one read of the residents, their
contribution years and balances (funds' selectors); the payrolls go through the services (one INSERT … SELECT
each, account debits in bulk). It reads enrollment's Resident table directly for that volume (docs/CONVENTIONS.md
allows it to demo seeders only).
"""

import datetime
import os
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from enrollment.models import Resident
from funds import selectors as funds_selectors
from pension.models import Post

from . import services
from .models import Award, AwardStatus, LineStatus, PayrollLine, Recipient, RecipientEvent, RecipientEventKind
from .months import add_months, month_of
from .rules import due_verdict, pension_breakdown
from .selectors.parameters import parameter_in_force
from .services.awards import start_month_for

PAID_MONTHS = 12
MIGRATED = "award approved by the previous system (contribution years kept there)"


def already_seeded() -> bool:
    return Recipient.objects.exists()


def recipient_share() -> float | None:
    """BENCH_RECIPIENT_SHARE (bench/build_bench_db.sh sets it): the share of all residents the county pays. The
    bench's residents aged 60 to 74 were enrolled at random dates up to 14 years back, mostly after they turned
    60, so almost none has contribution years here and only the transitional over-75s qualify (~9.5 % of
    residents, ~48,000 at 500,000). A county's older recipients were mostly awarded by its previous system,
    whose contribution records were not migrated; with the share set, enough of those residents (aged 60+,
    years missing here) are awarded as migrated from the previous system to reach it (0.12 → ~60,000 at
    500,000, the issue's figure). Unset (the demo): only residents who qualify on this system's records."""
    raw = os.environ.get("BENCH_RECIPIENT_SHARE", "").strip()
    try:
        share = float(raw) if raw else None
    except ValueError:
        return None
    return share if share is not None and 0 < share < 1 else None


def _awards(*, officer, checker, today, first_payroll, rng=None):
    born_by = today.replace(year=today.year - 60, day=1) - datetime.timedelta(days=1)
    residents = list(Resident.objects.filter(birth_date__lte=born_by, death_date__isnull=True)
                     .only("id", "birth_date", "township_id", "village_id", "natural_village_id"))
    ids = [r.pk for r in residents]
    years = funds_selectors.contribution_years_by_resident(resident_ids=ids)
    balances = funds_selectors.account_balances_by_resident(resident_ids=ids)
    params = parameter_in_force(month=first_payroll)
    now = timezone.now()
    awards, recipients, missing, chosen = [], [], [], []
    for r in residents:
        paid = years.get(r.pk, set())
        verdict = due_verdict(params, birth_year=r.birth_date.year, paid_years=paid, other_pension=False,
                              awarded=False)
        if verdict.verdict == "missing_years":
            missing.append((r, verdict))  # not eligible (yet) on this system's records: stays on no payroll
            continue
        chosen.append((r, verdict, len(paid)))
    share, migrated = recipient_share(), []
    if share is not None and rng is not None:
        wanted = round(share * Resident.objects.count()) - len(chosen)
        # awarded by the previous system on the years it recorded (the years required)
        migrated = rng.sample(missing, max(0, min(wanted, len(missing))))
        chosen += [(r, v, v.years_required) for r, v in migrated]
    migrated_ids = {r.pk for r, _v in migrated}
    for r, verdict, counted in chosen:
        b = pension_breakdown(params, years=counted, balance=balances.get(r.pk, 0))
        start = max(start_month_for(r.birth_date), datetime.date(2011, 1, 1))
        awards.append(Award(
            resident_id=r.pk, township_id=r.township_id, village_id=r.village_id, status=AwardStatus.APPROVED,
            parameter=params, start_month=start, basic_national=b.basic_national, basic_provincial=b.basic_provincial,
            basic_county=b.basic_county, years=b.years, extra_years=b.extra_years, extra=b.extra, balance=b.balance,
            divisor=b.divisor, account_amount=b.account, basic_amount=b.basic, monthly_amount=b.total,
            transitional=verdict.verdict == "transitional", maker=officer, checker=checker, checked_at=now))
        recipients.append((r, b, start))
    Award.objects.bulk_create(awards, batch_size=5000)
    rows = [Recipient(resident_id=r.pk, township_id=r.township_id, village_id=r.village_id,
                      natural_village_id=r.natural_village_id, award=a, monthly_amount=b.total, basic_amount=b.basic,
                      basic_national=b.basic_national, basic_provincial=b.basic_provincial,
                      basic_county=b.basic_county, extra=b.extra, account_amount=b.account, start_month=start,
                      # paid before this system by the old one, up to the month before the first demo payroll
                      paid_through=max(start, add_months(first_payroll, -1)) if start < first_payroll else None)
            for a, (r, b, start) in zip(awards, recipients, strict=True)]
    Recipient.objects.bulk_create(rows, batch_size=5000)
    RecipientEvent.objects.bulk_create([
        RecipientEvent(recipient=x, kind=RecipientEventKind.AWARD, month=x.start_month, date=x.start_month,
                       reason=MIGRATED if x.resident_id in migrated_ids else "award approved", source="award",
                       actor=checker) for x in rows], batch_size=5000)
    return rows, len(migrated_ids)


def seed_benefits(*, county, residents, rng, staff, stdout=None, today=None) -> str:
    today = today or timezone.localdate()
    officers = [u for u in staff if u.post == Post.COUNTY_OFFICER]
    finance = next((u for u in staff if u.post == Post.COUNTY_FINANCE), None)
    if len(officers) < 2 or finance is None:
        return "needs two county officers and county finance: nothing seeded"
    officer, officer2 = officers[:2]
    this_month = month_of(today)
    first_payroll = add_months(this_month, -(PAID_MONTHS - 1))
    with transaction.atomic():
        rows, migrated = _awards(officer=officer, checker=officer2, today=today, first_payroll=first_payroll,
                                 rng=rng)
    if not rows:
        return "no resident aged 60 or more"
    sample = rng.sample(rows, min(len(rows), 40))
    suspended, dead, double = sample[:12], sample[12:24], sample[24:30]
    # The monthly payroll is one PostgreSQL statement (INSERT … SELECT); on SQLite, the zero-set-up database of
    # `make run`, the demo has awards and stops but no payrolls.
    payroll_months = PAID_MONTHS if connection.vendor == "postgresql" else 0
    for i in range(payroll_months):
        month = add_months(first_payroll, i)
        with transaction.atomic():
            if i == 4:
                for r in suspended:
                    services.recipient_suspend(actor=officer, recipient=r, reason="未按期完成待遇资格认证",
                                               source="certification.deadline")
            if i == 8:
                for r in suspended[:8]:
                    services.recipient_resume(actor=officer, recipient=r, reason="补办认证，补发暂停期间待遇",
                                              source="certification.late")
            payroll = services.payroll_generate(actor=officer, month=month)
            services.payroll_approve(actor=finance, payroll=payroll)
            lines = list(PayrollLine.objects.filter(payroll=payroll).values_list("pk", flat=True))
            failed = set(rng.sample(lines, min(3, len(lines))))
            services.payroll_returns_record(actor=finance, payroll=payroll, results=[
                (pk, pk not in failed, "账户已冻结" if pk in failed else "") for pk in lines])
            if failed and i < PAID_MONTHS - 1:
                second = services.payroll_second_batch(actor=officer, payroll=payroll, line_ids=sorted(failed))
                services.payroll_approve(actor=finance, payroll=second)
                services.payroll_returns_record(actor=finance, payroll=second, results=[
                    (pk, True, "") for pk in second.lines.values_list("pk", flat=True)])
    with transaction.atomic():
        for r in dead:
            r.refresh_from_db()
            death = add_months(this_month, -rng.randint(2, 5)).replace(day=rng.randint(1, 28))
            asked = services.stop_request_propose(actor=officer2, recipient=r, kind="death", date=death,
                                                  reason="村委会报告死亡，已核实")
            services.stop_request_confirm(actor=officer, stop_request=asked)
        for r in double:
            r.refresh_from_db()
            start = add_months(this_month, -rng.randint(3, 8)).replace(day=1)
            asked = services.stop_request_propose(actor=officer2, recipient=r, kind="double_receipt", date=start,
                                                  reason="与企业职工养老保险重复领取")
            services.stop_request_confirm(actor=officer, stop_request=asked)
    from .models import Settlement
    from .selectors.lists import overpayment_list  # county-wide read by the officer

    with transaction.atomic():  # the second person's check: finance approves what the officer stopped
        for settlement in Settlement.objects.filter(status="proposed").order_by("id"):
            services.settlement_approve(actor=finance, settlement=settlement)
    recovered = 0
    for over in overpayment_list(user=finance, open_only=True)[:6]:
        recovery = services.recovery_record(actor=finance, overpayment=over, method="instalment",
                                            amount=min(over.outstanding, over.amount / 2).quantize(Decimal("0.01")))
        if recovered % 2 == 0:  # the others wait for the officer's confirmation
            services.recovery_confirm(actor=officer, recovery=recovery)
        recovered += 1
    paid = PayrollLine.objects.filter(status=LineStatus.PAID).count()
    return (f"{len(rows)} recipients ({migrated} awarded by the previous system), "
            f"{payroll_months} monthly payrolls ({paid} lines paid), "
            f"{len(suspended)} suspended ({min(8, len(suspended))} resumed), {len(dead)} deaths, "
            f"{len(double)} double receipts, "
            f"{recovered} recoveries")
