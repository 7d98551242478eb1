"""Contribution import, end to end, for a 100,000-row workbook: upload → check every row → one COPY in one
transaction; wall time and peak memory (RSS sampled during the import), printed beside the floor
(reading the same workbook with calamine + loading the same rows with COPY).

Runs against DATABASE_URL (default pension_bench, built by `make bench`). Set-up (100,000 enrolled residents in one
township and a receipt book) and the import itself happen inside one transaction that is rolled back.

    .venv/bin/python bench/import_100k.py [ROWS]
    BAD_ROW=1 …   # the last row's ID is a number: measures the all-or-nothing refusal with its error workbook
    PHASES=1 …    # also print where the import's time goes (wall time per step)
    EXPLAIN=1 …   # print the plans of the import's reads of residents
    PROFILE=1 …   # cProfile of the import (slows it; for finding hot spots, not for the figure)
"""

import ctypes
import datetime
import gc
import io
import os
import sys
import tempfile
import threading
import time

import _setup  # noqa: F401  (Django set-up)
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from figures import figure, small
from openpyxl import Workbook

from collection import services
from collection.demo import _reserve_ids, insert_rows
from collection.models import ReceiptBook
from collection.services import imports
from enrollment.models import Resident, name_search_key
from pension import idnumber
from pension.models import Area, AreaLevel, User

SMALL = small()
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else (2_000 if SMALL else 100_000)
PHASES: dict[str, float] = {}
TIMING = [True]  # off once the import is done, so the floor's own reads are not counted


def timed(owner, name, label):
    """Wrap owner.name so that its wall time adds up under `label` (PHASES=1 prints the breakdown)."""
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if not TIMING[0]:
            return inner(*args, **kwargs)
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            PHASES[label] = PHASES.get(label, 0.0) + time.perf_counter() - t

    setattr(owner, name, wrapper)
BIRTH_CODE = "149901"  # a birth-place code no demo resident has, so the set-up's IDs are new


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stop = rss_mb(), threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.005)


def make_residents(township, n):
    villages = list(Area.objects.filter(township=township, level=AreaLevel.VILLAGE).values_list("id", flat=True))
    start = _reserve_ids(Resident, n)
    cols = ["id", "name", "id_number", "gender", "birth_date", "ethnicity", "hukou_address", "township_id",
            "village_id", "natural_village_id", "hardship", "phone", "bank_account", "enrolment_status",
            "death_date", "registered_at", "registered_by_id", "name_search"]
    numbers = []
    now = datetime.datetime.now(datetime.UTC)
    base = datetime.date(1975, 1, 1)  # aged 16–59 in 2026: a normal contribution (issue 10 item 1)
    for chunk in range(0, n, 10_000):
        rows = []
        for i in range(chunk, min(n, chunk + 10_000)):
            birth = base + datetime.timedelta(days=i // 500)
            number = idnumber.build(BIRTH_CODE, birth, (i % 500) * 2 + 1)
            numbers.append(number)
            rows.append((start + i, f"测试{i}", number, "M", birth, "汉族", "", township.pk,
                         villages[i % len(villages)], None, "none", "", "", "active", None, now, None,
                         name_search_key(f"测试{i}")))
        insert_rows(Resident, cols, rows)
    return numbers


def write_workbook(path, numbers, first_receipt):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("缴费")
    ws.append(imports.headers())
    grades = [200, 300, 500, 1000]
    for i, number in enumerate(numbers):
        cash = i % 5 < 3
        if os.environ.get("BAD_ROW") and i == len(numbers) - 1:
            number = float(number.replace("X", "1"))  # one ID that Excel turned into a number
        ws.append([number, f"测试{i}", 2026, grades[i % 4], "现金" if cash else "银行代扣",
                   f"{first_receipt + i:010d}" if cash else "", "2026-11-20"])
    wb.save(path)


def main():
    print(_setup.scale())
    clerk = User.objects.get(username="clerk_a")
    township = clerk.area
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-media-")
    path = os.path.join(tempfile.mkdtemp(prefix="bench-"), "contributions.xlsx")
    result = {}
    # Every run inserts and rolls back 100,000 residents and contributions; clear the dead rows earlier runs
    # left (autovacuum would, in its own time), so that a run does not measure its predecessors' debris.
    with connection.cursor() as c:
        c.execute("VACUUM (ANALYZE) enrollment_resident, collection_contribution")
    try:
        with transaction.atomic():
            # The foreign keys are DEFERRABLE INITIALLY DEFERRED (Django's default), so their checks run at
            # COMMIT, which this rolled-back benchmark never reaches. Checked at each statement instead, the
            # import and the floor both pay for them, as a real import pays at its commit.
            with connection.cursor() as c:
                c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            t = time.perf_counter()
            numbers = make_residents(township, ROWS)
            first_receipt = 9_900_000_001
            officer = User.objects.filter(post="county_officer").first()
            for first in range(first_receipt, first_receipt + ROWS, 100_000):  # a book holds 100,000 at most
                services.receipt_book_issue(actor=officer, township=township, first_number=f"{first:010d}",
                                            last_number=f"{min(first + 100_000, first_receipt + ROWS) - 1:010d}")
            # The workbook's money was taken on 2026-11-20: the books were issued before that (a payment date
            # before its book's issue is refused, issue 10 item 3).
            ReceiptBook.objects.filter(township=township, first_number__gte=f"{first_receipt:010d}").update(
                issued_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
            write_workbook(path, numbers, first_receipt)
            del numbers
            size = os.path.getsize(path)
            print(f"set-up: {ROWS:,} enrolled residents in {township.name}, workbook {size / 1e6:.1f} MB "
                  f"({time.perf_counter() - t:.1f} s, not timed)")

            # The import, end to end.
            before_import = transaction.savepoint()
            with open(path, "rb") as fh:
                content = fh.read()
            upload = SimpleUploadedFile("缴费.xlsx", content)
            del content
            # Give the set-up's freed memory back to the OS, so the figure is the import's own.
            gc.collect()
            ctypes.CDLL("libc.so.6").malloc_trim(0)
            base = rss_mb()
            sampler = PeakSampler()
            sampler.start()
            t = time.perf_counter()
            run = services.import_run_create(actor=clerk, township=township, upload=upload)
            if os.environ.get("EXPLAIN"):  # print the plans of the import's reads (for tuning)
                from django.db.backends.utils import CursorWrapper
                execute = CursorWrapper.execute

                def explaining(self, sql, params=None):
                    if sql.lstrip().upper().startswith("SELECT") and ("enrollment_resident" in sql or
                                                                       "import_id_number" in sql):
                        with connection.connection.cursor() as raw:  # not the (maybe server-side) cursor
                            raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                            print("\n".join(r[0] for r in raw.fetchall()))
                    return execute(self, sql, params)
                CursorWrapper.execute = explaining
            if os.environ.get("PHASES"):
                for owner, name, label in [(imports.run, "read_rows", "read workbook (calamine)"),
                                           (imports.RowValidator, "__init__", "row validator set-up"),
                                           (imports.run.idnumber, "id_from_cell", "ID numbers"),
                                           (imports.RowValidator, "load", "load residents and payments"),
                                           (imports.run, "write_contributions", "write (COPY)"),
                                           (imports.run, "_progress", "progress updates")]:
                    if hasattr(owner, name):
                        timed(owner, name, label)
            if os.environ.get("PROFILE"):
                import cProfile
                import pstats
                pr = cProfile.Profile()
                pr.enable()
            run = services.import_run_execute(run_id=run.pk)
            if os.environ.get("PROFILE"):
                pr.disable()
                pstats.Stats(pr).sort_stats("tottime").print_stats(25)
            elapsed = time.perf_counter() - t
            TIMING[0] = False
            sampler.stop.set()
            sampler.join()
            result = {"status": run.status, "saved": run.saved_rows, "errors": run.error_rows, "message": run.message,
                      "elapsed": elapsed, "peak": sampler.peak, "base": base}
            # Measured second so that it cannot inflate the import's memory figure. The import's rows are
            # rolled back first, so the floor's COPY meets the same table.
            transaction.savepoint_rollback(before_import)
            # The floor: calamine read + COPY of the same rows (prepared values, COPY only).
            t = time.perf_counter()
            rows = [cells for _number, cells in imports.read_rows(path)]
            t_read = time.perf_counter() - t
            validator = imports.RowValidator(actor=clerk, township=township)
            good = rows[:-1] if os.environ.get("BAD_ROW") else rows
            validator.load(numbers=[imports.id_from_cell(r[0]) for r in good], years={2026})
            values = [validator.check(r) for r in rows[:-1] if r]
            if not os.environ.get("BAD_ROW"):
                values.append(validator.check(rows[-1]))
            del rows
            buf = io.StringIO()
            buf.writelines(imports.copy_lines(values, status="entered", maker_id=clerk.pk,
                                              now=datetime.datetime.now(datetime.UTC)))
            del values
            buf.seek(0)
            sid = transaction.savepoint()
            t = time.perf_counter()
            with connection.cursor() as c:
                c.cursor.copy_expert(f"COPY collection_contribution ({', '.join(imports.COPY_COLUMNS)}) FROM STDIN",
                                     buf)
            t_copy = time.perf_counter() - t
            transaction.savepoint_rollback(sid)
            del buf
            result.update(read=t_read, copy=t_copy)

            raise _setup.Rollback
    except _setup.Rollback:
        pass
    r = result
    print(f"import: {r['status']}, {r['saved']:,} rows saved, {r['errors']} errors {r['message'][:80]}")
    print(f"{'':<34}{'seconds':>9}")
    print(f"{'import end to end':<34}{r['elapsed']:>9.2f}   (target < 10 s)")
    print(f"{'floor: calamine read':<34}{r['read']:>9.2f}")
    print(f"{'floor: COPY of the same rows':<34}{r['copy']:>9.2f}")
    print(f"{'floor total':<34}{r['read'] + r['copy']:>9.2f}")
    figure(f"import {ROWS:,} rows (s)", "< 10 (100,000 rows)", r["elapsed"], r["read"] + r["copy"])
    figure(f"import {ROWS:,} rows: memory growth (MB)", "< 300", r["peak"] - r["base"])
    print(f"peak RSS during the import: {r['peak']:.0f} MB (process was {r['base']:.0f} MB before; "
          f"+{r['peak'] - r['base']:.0f} MB)   (target < 300 MB)")
    for label, seconds in PHASES.items():
        print(f"  phase {label:<28}{seconds:>9.2f}")
    print("rolled back: nothing written")


if __name__ == "__main__":
    main()
