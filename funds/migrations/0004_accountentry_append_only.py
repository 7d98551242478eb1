"""On PostgreSQL, account entries (the ledger) refuse UPDATE and DELETE at the database itself, as the
operation log (pension 0002) and approved contributions (collection 0005) do: every yuan of a balance stays
traceable, and a correction is a reversal entry. (TRUNCATE stays possible for the test suite's flush between
transactional tests; production revokes TRUNCATE from the application role, see README.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION funds_accountentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'funds_accountentry is append-only: % refused (post a reversal entry instead)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER funds_accountentry_no_update_delete
    BEFORE UPDATE OR DELETE ON funds_accountentry
    FOR EACH ROW EXECUTE FUNCTION funds_accountentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS funds_accountentry_no_update_delete ON funds_accountentry;
DROP FUNCTION IF EXISTS funds_accountentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds a literal % (RAISE format), not a placeholder.
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("funds", "0003_seed_interest_rates")]
    operations = [migrations.RunPython(forwards, backwards)]
