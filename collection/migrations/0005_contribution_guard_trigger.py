"""On PostgreSQL, the database itself keeps the promise the services make: a contribution row is never
deleted, and once approved, reversed or cancelled it is never edited. The one change allowed after
approval is the reversal (status approved → reversed, every other column as it was)."""

from django.db import migrations

COLUMNS = ["resident_id", "township_id", "village_id", "year", "kind", "grade", "personal_amount", "hardship_amount",
           "subsidy_central", "subsidy_provincial", "subsidy_municipal", "subsidy_county", "collective_amount",
           "donation_amount", "channel", "receipt_book_id", "receipt_number", "paid_on", "maker_id", "made_at",
           "checker_id", "checked_at", "return_reason", "cancel_reason"]
NEW = ", ".join(f"NEW.{c}" for c in COLUMNS)
OLD = ", ".join(f"OLD.{c}" for c in COLUMNS)

CREATE = f"""
CREATE OR REPLACE FUNCTION collection_contribution_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'collection_contribution % is never deleted: correct it by a reversal', OLD.id;
    END IF;
    IF OLD.status IN ('approved', 'reversed', 'cancelled') THEN
        IF OLD.status = 'approved' AND NEW.status = 'reversed' AND ROW({NEW}) IS NOT DISTINCT FROM ROW({OLD}) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'collection_contribution % is %, and is never edited', OLD.id, OLD.status;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER collection_contribution_guard
    BEFORE UPDATE OR DELETE ON collection_contribution
    FOR EACH ROW EXECUTE FUNCTION collection_contribution_guard();
"""
DROP = """
DROP TRIGGER IF EXISTS collection_contribution_guard ON collection_contribution;
DROP FUNCTION IF EXISTS collection_contribution_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds literal % (RAISE format), not placeholders.
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("collection", "0004_contribution_maker_time")]
    operations = [migrations.RunPython(forwards, backwards)]
