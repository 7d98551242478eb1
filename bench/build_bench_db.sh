#!/usr/bin/env bash
# Build the shared benchmark database: 500,000 residents (seed_demo) plus about 2,000,000 contributions
# with their account credits. Prints the time of each step. Re-running starts from an empty database.
#   bench/build_bench_db.sh            # builds pension_bench
#   BENCH_DB=other bench/build_bench_db.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/work/main/.venv/bin/python}
DB=${BENCH_DB:-pension_bench}
RESIDENTS=${RESIDENTS:-500000}
CONTRIBUTIONS=${CONTRIBUTIONS:-2000000}
PGHOST=${PGHOST:-127.0.0.1}
export DATABASE_URL="postgres://postgres@${PGHOST}:5432/${DB}"
t0=$(date +%s)
psql -h "$PGHOST" -U postgres -qc "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}"
$PY manage.py migrate -v0
t1=$(date +%s); echo "migrate: $((t1 - t0)) s"
DEMO_SEEDERS=enrollment.demo.seed_residents $PY manage.py seed_demo --residents "$RESIDENTS" | grep -v '^  '
t2=$(date +%s); echo "residents: $((t2 - t1)) s"
$PY manage.py seed_contributions --target "$CONTRIBUTIONS" | grep -v "^  contributions:"
t3=$(date +%s); echo "contributions: $((t3 - t2)) s"
psql -h "$PGHOST" -U postgres -d "$DB" -qc "VACUUM ANALYZE"
psql -h "$PGHOST" -U postgres -d "$DB" -Atc "SELECT 'residents', count(*)::text FROM enrollment_resident UNION ALL SELECT 'contributions', count(*)::text FROM collection_contribution UNION ALL SELECT 'account entries', count(*)::text FROM funds_accountentry UNION ALL SELECT 'database size', pg_size_pretty(pg_database_size('${DB}'))"
t4=$(date +%s); echo "total: $((t4 - t0)) s"
