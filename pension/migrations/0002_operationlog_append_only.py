"""On PostgreSQL, refuse UPDATE and DELETE on the operation log at the database itself, so that not even
a bug or a hand-typed SQL statement through the application's account can rewrite history.
(TRUNCATE stays possible for the test suite's flush between transactional tests; production
should also revoke TRUNCATE from the application role, see README.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION pension_operationlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'pension_operationlog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER pension_operationlog_no_update_delete
    BEFORE UPDATE OR DELETE ON pension_operationlog
    FOR EACH ROW EXECUTE FUNCTION pension_operationlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS pension_operationlog_no_update_delete ON pension_operationlog;
DROP FUNCTION IF EXISTS pension_operationlog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds a literal % (RAISE format), which must not be read as a placeholder.
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("pension", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
