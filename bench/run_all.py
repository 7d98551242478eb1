"""`make bench`: build the county into its own database, run every benchmark under bench/, print one table.

    python bench/run_all.py            # 500,000 residents, ~2,000,000 contributions (BENCH_DB, default pension_bench)
    python bench/run_all.py --small    # a few thousand residents (CI: every script runs, none rots unnoticed)
    python bench/run_all.py --no-build # use the database as it is (e.g. pension_bench once .pension_bench_ready exists)

The county is built with its pensions (BENCH_PENSIONS=1: recipients and a year of payrolls) and the
certification bench runs on it (`notices_bench.py --use-existing`: its campaign and certifications are made in a
transaction it rolls back), and so does the progress bench (`--rollback`), so no benchmark builds a county of its
own. The load test writes real contributions, so it runs on a copy of the county (`<BENCH_DB>_load`, made with
CREATE DATABASE … TEMPLATE and dropped afterwards).

Each script prints `FIGURE name target measured floor` lines (bench/figures.py); the table shows them with the
ratio to the floor (raw SQL, COPY, calamine) where a script measures one. The database name comes from BENCH_DB,
the server from PGHOST/PGUSER, the Python from the running interpreter: nothing machine-specific.
A script that fails is listed as failed and makes the command exit non-zero.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGUSER = os.environ.get("PGUSER", "postgres")


def url(db: str) -> str:
    return f"postgres://{PGUSER}@{PGHOST}:5432/{db}"


def psql(*sql: str, db: str = "postgres") -> None:
    args = ["psql", "-h", PGHOST, "-U", PGUSER, "-d", db, "-q"]
    for statement in sql:
        args += ["-c", statement]
    subprocess.run(args, check=True)


def fresh(db: str) -> None:
    psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", f"CREATE DATABASE {db}")


def run(label: str, args: list[str], db: str, log) -> tuple[list[list[str]], float, int]:
    env = {**os.environ, "DATABASE_URL": url(db), "LOAD_DB": db, "CELERY_TASK_ALWAYS_EAGER": "true",
           "DJANGO_DEBUG": "false"}
    env.pop("CELERY_BROKER_URL", None)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    log.write(f"===== {label} ({seconds:.0f} s, exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}\n")
    log.flush()
    figures = [line.split("\t")[1:] for line in proc.stdout.splitlines() if line.startswith("FIGURE\t")]
    return figures, seconds, proc.returncode


def main() -> int:
    small = "--small" in sys.argv
    build = "--no-build" not in sys.argv
    base = os.environ.get("BENCH_DB", "pension_bench_small" if small else "pension_bench")
    flag = ["--small"] if small else []
    log_path = ROOT / ("bench-small.log" if small else "bench.log")
    started = time.perf_counter()
    with open(log_path, "w") as log:
        if build:
            env = {**os.environ, "BENCH_DB": base, "PY": sys.executable, "READY_FILE": str(ROOT / f".{base}_ready"),
                   "RESIDENTS": "3000" if small else "500000", "CONTRIBUTIONS": "12000" if small else "2000000",
                   "BENCH_PENSIONS": os.environ.get("BENCH_PENSIONS", "1")}
            print(f"building {base} …", flush=True)
            subprocess.run(["bash", str(BENCH / "build_bench_db.sh")], cwd=ROOT, env=env, check=True,
                           stdout=log, stderr=subprocess.STDOUT)
        # (label, script arguments, database): scripts that need an empty database of their own get one.
        plan = [
            ("entry", ["bench/entry_p95.py", *flag], base),
            ("import", ["bench/import_100k.py", *flag], base),
            ("interest", ["bench/interest_posting.py", *flag], base),
            ("progress", ["bench/progress_bench.py", "--rollback", *flag], base),
            ("seed and search", ["bench/seed_and_search.py", *flag], f"{base}_seed"),
            # On the county as built (recipients, payrolls): campaign and certifications rolled back afterwards.
            ("notices", ["bench/notices_bench.py", "--use-existing", *flag], base),
            # Writes recipients of its own (rolled back) and generates this month's payroll, which the county's
            # year of payrolls already holds: on a migrated empty database, as its README figures were measured.
            ("payroll", ["bench/payroll_bench.py", *flag], f"{base}_payroll"),
            # 50 clerks enter real contributions for five minutes: on a copy of the county (its clerks' townships
            # hold enough unpaid residents), dropped afterwards.
            ("load", ["bench/load_test.py", *flag], f"{base}_load"),
        ]
        known = {Path(args[0]).name for _label, args, _db in plan}
        for script in sorted(BENCH.glob("*.py")):  # benchmarks added later run against the county database
            if script.name not in known and not script.name.startswith("_") and script.name not in (
                    "figures.py", "run_all.py", "locustfile.py"):
                plan.append((script.stem, [f"bench/{script.name}", *flag], base))
        rows, failed = [], []
        for label, args, db in plan:
            if db == f"{base}_load":
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", f"CREATE DATABASE {db} TEMPLATE {base}")
            elif db != base:
                fresh(db)
                if "payroll_bench" in args[0]:
                    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True,
                                   env={**os.environ, "DATABASE_URL": url(db)})
            print(f"running {label} …", flush=True)
            figures, seconds, code = run(label, args, db, log)
            if code != 0 or not figures:
                failed.append(f"{label} (exit {code}, {len(figures)} figures; see {log_path.name})")
            rows += figures
            if db != base:
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    print()
    print(f"{'figure':<58}{'target':>22}{'measured':>12}{'floor':>10}{'ratio':>8}")
    for name, target, measured, floor in rows:
        ratio = f"{float(measured) / float(floor):.1f}×" if floor not in ("-", "") and float(floor) > 0 else ""
        print(f"{name:<58}{target:>22}{float(measured):>12.2f}{floor:>10}{ratio:>8}")
    print(f"\n{'small' if small else 'full'} run on {base}, {time.perf_counter() - started:.0f} s; log in {log_path.name}")
    for line in failed:
        print(f"FAILED: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
