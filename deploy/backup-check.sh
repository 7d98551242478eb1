#!/usr/bin/env bash
# Back up a county database and prove the backup restores: pg_dump (custom format) → restore into a FRESH
# database → compare every table's row count and the ledger totals with the source. Exit 1 on any difference.
#   deploy/backup-check.sh SOURCE_DB [BACKUP_FILE]      (default file: SOURCE_DB-YYYYmmdd-HHMM.dump)
# Connection from PGHOST / PGPORT / PGUSER (default 127.0.0.1, 5432, postgres). The restored copy is dropped at the
# end unless KEEP_RESTORE=1. docs/operations.md ("Backups") explains the routine around it.
set -euo pipefail
SRC=${1:?source database}
FILE=${2:-${SRC}-$(date +%Y%m%d-%H%M).dump}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
CHECK="${SRC}_restore_check"

pg_dump -Fc -d "$SRC" -f "$FILE"
echo "backup: $FILE ($(du -h "$FILE" | cut -f1))"
psql -qd postgres -c "DROP DATABASE IF EXISTS \"$CHECK\" WITH (FORCE)" -c "CREATE DATABASE \"$CHECK\""
pg_restore --no-owner --exit-on-error -d "$CHECK" "$FILE"

# Row count of every table, and the money: ledger entries, contributions by status, the operation log.
read -r -d '' FIGURES <<'SQL' || true
SELECT 'rows ' || c.relname, (xpath('/row/n/text()',
        query_to_xml(format('SELECT count(*) AS n FROM public.%I', c.relname), false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r'
UNION ALL
SELECT 'sum funds_accountentry.amount', COALESCE(SUM(amount), 0)::text FROM funds_accountentry
UNION ALL
SELECT 'sum contributions ' || status, SUM(personal_amount + hardship_amount + subsidy_central + subsidy_provincial
       + subsidy_municipal + subsidy_county + collective_amount + donation_amount)::text
  FROM collection_contribution GROUP BY status
UNION ALL
SELECT 'max pension_operationlog.id', COALESCE(MAX(id), 0)::text FROM pension_operationlog
ORDER BY 1
SQL
diff <(psql -XAtd "$SRC" -c "$FIGURES") <(psql -XAtd "$CHECK" -c "$FIGURES") > /tmp/backup-check.$$ && same=1 || same=0
tables=$(psql -XAtd "$CHECK" -c "$FIGURES" | grep -c '^rows ')
entries=$(psql -XAtd "$CHECK" -c "SELECT COALESCE(SUM(amount), 0) FROM funds_accountentry")
if [ "${KEEP_RESTORE:-0}" != 1 ]; then psql -qd postgres -c "DROP DATABASE \"$CHECK\" WITH (FORCE)"; fi
if [ "$same" = 1 ]; then
  echo "restore check: OK — $tables tables with the same row counts, ledger total ¥$entries, contributions and log equal"
  rm -f /tmp/backup-check.$$
else
  echo "restore check: DIFFERENT (source < > restored):"; cat /tmp/backup-check.$$; rm -f /tmp/backup-check.$$; exit 1
fi
