#!/usr/bin/env bash
# Two PostgreSQL roles for one county database (docs/operations.md, "Database roles"):
#   OWNER  owns the schema and every table; migrations run as it (manage.py migrate with its DATABASE_URL).
#   APP    what the web processes and Celery workers connect as: reads and writes rows, nothing else. It owns no
#          table, so it cannot ALTER, DISABLE or DROP a trigger; it has no TRUNCATE; it cannot UPDATE or DELETE the
#          operation log or the ledger's account entries (and their triggers refuse it to everyone anyway).
# Run as a PostgreSQL superuser, after `migrate` (again after each migrate that adds tables: idempotent):
#   deploy/db-roles.sh DBNAME [OWNER] [APP]      e.g. deploy/db-roles.sh pension pension_owner pension_app
# Passwords: set them afterwards (ALTER ROLE ... PASSWORD) or use peer/cert authentication in pg_hba.conf.
# PSQL can name the psql command and its connection (default: psql -h 127.0.0.1 -U postgres).
set -euo pipefail
DB=${1:?database name}
OWNER=${2:-pension_owner}
APP=${3:-pension_app}
PSQL=${PSQL:-psql -h 127.0.0.1 -U postgres}

$PSQL -v ON_ERROR_STOP=1 -q -d "$DB" <<SQL
-- Roles belong to the cluster: two databases set up at once (the test databases of pytest-xdist's processes) may
-- both find a role missing; the second CREATE then fails and is ignored.
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$OWNER') THEN
    BEGIN
      CREATE ROLE "$OWNER" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP') THEN
    BEGIN
      CREATE ROLE "$APP" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END \$\$;
ALTER DATABASE "$DB" OWNER TO "$OWNER";
ALTER SCHEMA public OWNER TO "$OWNER";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- Every table, sequence, view and function of the schema belongs to the owner.
DO \$\$ DECLARE r record; BEGIN
  FOR r IN SELECT format('ALTER TABLE public.%I OWNER TO %I', tablename, '$OWNER') AS s
           FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE r.s; END LOOP;
  FOR r IN SELECT format('ALTER SEQUENCE public.%I OWNER TO %I', sequencename, '$OWNER') AS s
           FROM pg_sequences WHERE schemaname = 'public' LOOP EXECUTE r.s; END LOOP;
  FOR r IN SELECT format('ALTER VIEW public.%I OWNER TO %I', viewname, '$OWNER') AS s
           FROM pg_views WHERE schemaname = 'public' LOOP EXECUTE r.s; END LOOP;
  FOR r IN SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, '$OWNER') AS s
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE r.s; END LOOP;
END \$\$;
-- The application: rows only.
GRANT CONNECT, TEMPORARY ON DATABASE "$DB" TO "$APP";
GRANT USAGE ON SCHEMA public TO "$APP";
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "$APP";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "$APP";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "$APP";
ALTER DEFAULT PRIVILEGES FOR ROLE "$OWNER" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "$APP";
ALTER DEFAULT PRIVILEGES FOR ROLE "$OWNER" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "$APP";
-- Append-only tables: insert and read only.
DO \$\$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['pension_operationlog', 'funds_accountentry'] LOOP
    IF to_regclass('public.' || t) IS NOT NULL THEN
      EXECUTE format('REVOKE UPDATE, DELETE ON public.%I FROM %I', t, '$APP');
    END IF;
  END LOOP;
END \$\$;
SQL
echo "roles ready on $DB: owner $OWNER (migrations), application $APP (rows only)"
