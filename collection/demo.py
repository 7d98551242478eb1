"""Demo contributions for the demo county (demo only): every enrolled resident's history from their
enrolment year to last year, approved and credited to the individual account component by component,
and part of this year (most approved, some awaiting review, a few returned), with receipt books per
township and year that account for every cash receipt.

Built for volume: rows are generated in Python and written with COPY on PostgreSQL (bulk_create
elsewhere) with ids reserved from the sequences, so the benchmark database (500,000 residents,
2,000,000 contributions) seeds in minutes. Amounts come from the same `rules.compute_amounts` the entry
service uses. For that volume it reads enrollment's Enrollment rows and writes funds' IndividualAccount and
AccountEntry rows itself, not through their selectors and services (docs/CONVENTIONS.md allows it to demo
seeders only).
"""

import datetime
import functools
import time
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from enrollment.models import Enrollment
from funds.models import AccountEntry, IndividualAccount, SourceKind
from pension.bulk import insert_rows, next_ids
from pension.models import Area, AreaLevel
from pension.oplog import log_operation
from pension.posts import Post

from .models import (
    CONTRIBUTION_COMPONENTS,
    CollectiveSubsidy,
    Contribution,
    ContributionGrade,
    HardshipShare,
    ReceiptBook,
)
from .parameters import seed_history, seed_parameters
from .rules import compute_amounts

FIRST_YEAR = 2012
THIS_YEAR = 2026
TODAY = datetime.date(2026, 11, 26)
CHUNK = 20_000
# Grade chosen once per resident (most rural residents pay the lowest grades), index into the year's table.
GRADE_WEIGHTS = [40, 20, 8, 12, 3, 2, 2, 1, 7, 2, 2, 0.6, 0.4]
PAY_PAST = 0.92
PAY_THIS_YEAR = 0.72
# Residents who enrol between 45 and 59 may pay back years (补缴) to reach 15 years by 60: some do, for
# up to five years, without subsidy, in their enrolment year.
SCHEME_START = 2009
BACK_SHARE = 0.75
BACK_MAX = 5


def already_seeded() -> bool:
    return Contribution.objects.exists()


# The bulk writer moved to the kernel (the interest engine and the residents' demo use it too); the names stay
# here for the benchmarks that import them.
_reserve_ids = next_ids


def _bulk_mode() -> None:
    """On PostgreSQL as a superuser, skip the per-row foreign-key triggers for this transaction: the rows
    are consistent by construction and checking 10 million of them one by one would take most of the time.
    (Demo seeding only; the application never does this.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as c:
        c.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if c.fetchone()[0]:
            c.execute("SET LOCAL session_replication_role = replica")


CONTRIB_COLUMNS = [
    "id", "resident_id", "township_id", "village_id", "year", "kind", "grade", "personal_amount",
    "hardship_amount", "subsidy_central", "subsidy_provincial", "subsidy_municipal", "subsidy_county",
    "collective_amount", "donation_amount", "channel", "receipt_book_id", "receipt_number", "paid_on", "status",
    "maker_id", "made_at", "checker_id", "checked_at", "return_reason", "cancel_reason",
]
ENTRY_COLUMNS = ["account_id", "year", "value_date", "component", "kind", "amount", "source_kind", "source_id",
                 "for_year", "created_at", "created_by_id"]
ACCOUNT_COLUMNS = ["id", "resident_id", "township_id", "opened_on"]


@functools.lru_cache(maxsize=20_000)
def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def seed_contributions(*, county: Area, residents: int = 0, rng, staff, stdout=None, target: int | None = None,
                       today: datetime.date = TODAY) -> str:
    started = time.perf_counter()
    seed_parameters(years=(2024, 2025, 2026))
    seed_history(range(SCHEME_START, 2024))
    years = list(range(FIRST_YEAR, THIS_YEAR + 1))
    by_post = {}
    for u in staff:
        by_post.setdefault(u.post, []).append(u)
    officers = by_post.get(Post.COUNTY_OFFICER, [])
    maker_default, checker = officers[0], officers[-1]
    clerk_of = {u.area.township_id or u.area_id: u for u in by_post.get(Post.TOWNSHIP_CLERK, [])}

    all_years = range(SCHEME_START, THIS_YEAR + 1)
    grades = {y: list(ContributionGrade.objects.filter(year=y, active=True).order_by("amount")) for y in all_years}
    shares = {y: dict(HardshipShare.objects.filter(year=y).values_list("hardship", "share")) for y in all_years}
    townships = list(Area.objects.filter(parent=county, level=AreaLevel.TOWNSHIP).order_by("code"))
    tindex = {t.id: i + 1 for i, t in enumerate(townships)}
    # A few villages pay a collective subsidy this year.
    villages = list(Area.objects.filter(level=AreaLevel.VILLAGE, township__parent=county).order_by("code"))
    for v in villages[::25]:
        CollectiveSubsidy.objects.get_or_create(year=THIS_YEAR, village=v, defaults={"amount": Decimal("20.00")})
    collective = dict(CollectiveSubsidy.objects.filter(year=THIS_YEAR).values_list("village_id", "amount"))

    people = list(
        Enrollment.objects.filter(status="active", resident__township__parent=county)
        .values_list("resident_id", "resident__township_id", "resident__village_id", "resident__hardship",
                     "resident__birth_date", "enrolled_on").order_by("resident_id")
    )
    def pension_from(birth_date) -> datetime.date:
        """The month after the 60th birthday (benefits' first month; the demo awards no pension before 2011)."""
        sixtieth = datetime.date(birth_date.year + 60, birth_date.month, 1)
        after = datetime.date(sixtieth.year + sixtieth.month // 12, sixtieth.month % 12 + 1, 1)
        return max(after, datetime.date(2011, 1, 1))

    def payable_years(birth_date, enrolled_on):
        """Years a resident pays: from enrolment to this year, and never once the pension is paid (a grade paid
        by someone receiving a pension is what the audit's red flag looks for, not a normal demo row)."""
        stop = pension_from(birth_date) - datetime.timedelta(days=1)
        for y in range(max(FIRST_YEAR, enrolled_on.year), min(THIS_YEAR, stop.year) + 1):
            last_day = min(today, datetime.date(y, 12, 31)) if y == THIS_YEAR else datetime.date(y, 6, 30)
            last_day = min(last_day, stop)
            start_day = max(datetime.date(y, 1, 2), enrolled_on)
            if start_day <= last_day:
                yield y, start_day, last_day

    def back_room(birth_date, enrolled_on) -> int:
        """How many years before enrolment this resident may back-pay."""
        age = enrolled_on.year - birth_date.year
        return min(BACK_MAX, enrolled_on.year - SCHEME_START) if 45 <= age <= 59 else 0

    slots = sum(1 for *_r, b, e in people for _y in payable_years(b, e))
    back_rooms = [back_room(b, e) for *_r, b, e in people]
    expected_back = sum(BACK_SHARE * (1 + n) / 2 for n in back_rooms if n > 0)
    # With a target (the benchmark set), past years are paid with the probability that reaches it, kept
    # realistic: this year's campaign is still running (PAY_THIS_YEAR) and some past years stay unpaid.
    pay_past, pay_now = PAY_PAST, PAY_THIS_YEAR
    if target:
        now_slots = sum(1 for *_r, b, e in people for y, *_d in payable_years(b, e) if y == THIS_YEAR)
        pay_past = min(0.98, max(0.5, (target - pay_now * now_slots - expected_back) / max(slots - now_slots, 1)))
        if stdout:
            expected = int(pay_past * (slots - now_slots) + pay_now * now_slots + expected_back)
            stdout.write(f"  {slots:,} payable resident-years; paying {pay_past:.2f} of past years and "
                         f"{pay_now:.2f} of this year gives about {expected:,} (target {target:,})")

    with transaction.atomic():
        _bulk_mode()
        # One receipt book per township and year; ranges fixed after the rows are counted.
        book_start = _reserve_ids(ReceiptBook, len(townships) * len(years))
        book_ids = {}
        seq = {}
        books = []
        bid = book_start
        for t in townships:
            for y in years:
                book_ids[(t.id, y)] = bid
                seq[(t.id, y)] = 0
                first = f"{y % 100:02d}{tindex[t.id]:02d}000001"
                books.append(ReceiptBook(id=bid, township=t, first_number=first, last_number=first,
                                         issued_by=maker_default))
                bid += 1
        ReceiptBook.objects.bulk_create(books)
        contrib_id = _reserve_ids(Contribution, slots + sum(back_rooms) + 10)
        account_id = _reserve_ids(IndividualAccount, len(people) + 10)
        written = credited = accounts = 0
        zero = Decimal("0.00")
        for start in range(0, len(people), CHUNK):
            c_rows, e_rows, a_rows = [], [], []
            for n, (resident_id, township_id, village_id, hardship, birth, enrolled_on) in enumerate(
                    people[start:start + CHUNK], start=start):
                pick = rng.choices(range(len(GRADE_WEIGHTS)), weights=GRADE_WEIGHTS, k=1)[0]
                maker = clerk_of.get(township_id, maker_default)
                acc = None
                payments = []
                if back_rooms[n] and rng.random() < BACK_SHARE:
                    last_day = min(today, datetime.date(enrolled_on.year, 12, 31), enrolled_on + datetime.timedelta(60))
                    for k in range(1, rng.randint(1, back_rooms[n]) + 1):
                        payments.append((enrolled_on.year - k, "back_payment", enrolled_on, last_day))
                payments += [(y, "normal", a, b) for y, a, b in payable_years(birth, enrolled_on)
                             if rng.random() <= (pay_now if y == THIS_YEAR else pay_past)]
                for y, kind, start_day, last_day in payments:
                    table = grades[y]
                    row = table[min(pick, len(table) - 1)]
                    amounts = compute_amounts(
                        grade=row, lowest=table[0].amount, hardship_share=shares[y].get(hardship, zero),
                        collective=collective.get(village_id, zero) if y == THIS_YEAR else zero,
                        donation=zero, subsidised=kind == "normal")
                    paid_on = start_day + datetime.timedelta(days=rng.randint(0, min(150, (last_day - start_day).days)))
                    cash = rng.random() < 0.6
                    book, number = None, ""
                    if cash:
                        key = (township_id, paid_on.year)  # the book of the year the money was taken
                        seq[key] += 1
                        book = book_ids[key]
                        number = f"{paid_on.year % 100:02d}{tindex[township_id]:02d}{seq[key]:06d}"
                    status, return_reason = "approved", ""
                    if paid_on.year == THIS_YEAR:
                        r = rng.random()
                        status = "approved" if r < 0.85 else ("entered" if r < 0.97 else "returned")
                        if status == "returned":
                            return_reason = "档次与本人申请不符，请核实"
                    cid = contrib_id + written
                    written += 1
                    reviewed = status in ("approved", "returned")
                    c_rows.append((
                        cid, resident_id, township_id, village_id, y, kind, row.amount,
                        amounts["personal_amount"], amounts["hardship_amount"], amounts["subsidy_central"],
                        amounts["subsidy_provincial"], amounts["subsidy_municipal"], amounts["subsidy_county"],
                        amounts["collective_amount"], zero, "cash" if cash else "bank", book, number, paid_on,
                        status, maker.pk, _at(paid_on, 9), checker.pk if reviewed else None,
                        _at(paid_on + datetime.timedelta(days=rng.randint(1, 20)), 15) if reviewed else None,
                        return_reason, "",
                    ))
                    if status == "approved":
                        if acc is None:
                            acc = account_id + accounts
                            accounts += 1
                            a_rows.append((acc, resident_id, township_id, paid_on))
                        for field, component in CONTRIBUTION_COMPONENTS.items():
                            if amounts[field]:
                                e_rows.append((acc, paid_on.year, paid_on, component, "credit", amounts[field],
                                               SourceKind.CONTRIBUTION.value, cid, y,
                                               _at(paid_on, 16), checker.pk))
            insert_rows(IndividualAccount, ACCOUNT_COLUMNS, a_rows)
            insert_rows(Contribution, CONTRIB_COLUMNS, c_rows)
            insert_rows(AccountEntry, ENTRY_COLUMNS, e_rows)
            credited += len(e_rows)
            if stdout:
                stdout.write(f"  contributions: {written} ({time.perf_counter() - started:.0f} s)")
        # Close the ranges: past books fully used and written off; this year's book keeps 2,000 spare numbers.
        for (township_id, y), n in seq.items():
            first = f"{y % 100:02d}{tindex[township_id]:02d}000001"
            spare = 2000 if y == THIS_YEAR else 0
            last = f"{y % 100:02d}{tindex[township_id]:02d}{max(n, 1) + spare:06d}"
            done = y < THIS_YEAR and n > 0
            ReceiptBook.objects.filter(pk=book_ids[(township_id, y)]).update(
                first_number=first, last_number=last,
                written_off_at=_at(datetime.date(y + 1, 1, 15), 10) if done else None,
                written_off_by=maker_default if done else None)
        # Books of past years nobody paid cash in are of no use to a demo: drop them (demo data only).
        ReceiptBook.objects.filter(pk__in=[book_ids[k] for k, n in seq.items() if n == 0 and k[1] < THIS_YEAR]) \
            .delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                for model in (Contribution, IndividualAccount, AccountEntry, ReceiptBook):
                    c.execute(f"ANALYZE {model._meta.db_table}")
        log_operation(actor=None, action="demo.seed_contributions", obj=county,
                      after={"contributions": written, "account_entries": credited, "accounts": accounts},
                      area=county)
    return (f"{written} contributions, {accounts} accounts, {credited} account entries "
            f"in {time.perf_counter() - started:.1f} s")
