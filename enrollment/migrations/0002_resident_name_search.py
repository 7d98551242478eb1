"""Search residents by any part of their name quickly.

`name_search` holds the name with every character tripled (see models.name_search_key). On PostgreSQL a
trigram GIN index over (township, name_search) serves `name_search LIKE '%…%'` within a township, for
queries of one character up (pg_trgm and btree_gin are trusted extensions: the database owner may create
them). SQLite gets the column and no trigram index; the query is the same.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "resident_township_name_trgm"


def backfill(apps, schema_editor):
    Resident = apps.get_model("enrollment", "Resident")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE enrollment_resident SET name_search = regexp_replace(regexp_replace(name, '\\s', '', 'g'), "
            "'(.)', '\\1\\1\\1', 'g')",
            params=None,
        )
        return
    for resident in Resident.objects.only("id", "name").iterator(chunk_size=2000):
        key = "".join(ch * 3 for ch in "".join(resident.name.split()))
        Resident.objects.filter(pk=resident.pk).update(name_search=key)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin", params=None)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON enrollment_resident "
            "USING gin (township_id, name_search gin_trgm_ops)",
            params=None,
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}", params=None)


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0001_initial"), ("pension", "0002_operationlog_append_only")]

    # The indexes are built before the backfill: an index built in the same transaction after an UPDATE of
    # the table is not used by queries until every transaction older than it has ended (indcheckxmin).
    operations = [
        # Fewer indexes to maintain on the biggest table: the ID number's uniqueness as a constraint (no LIKE
        # index), and no single-column township and village indexes (the composite indexes start with them).
        migrations.AlterField(
            model_name="resident",
            name="id_number",
            field=models.CharField(max_length=18, verbose_name="ID number"),
        ),
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.UniqueConstraint(fields=("id_number",), name="resident_id_number_unique"),
        ),
        migrations.AlterField(
            model_name="resident",
            name="township",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="pension.area",
                verbose_name="township",
            ),
        ),
        migrations.AlterField(
            model_name="resident",
            name="village",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="residents",
                to="pension.area", verbose_name="village",
            ),
        ),
        # The (township, name) index gains id, so that a page of ids comes from the index alone.
        migrations.RemoveIndex(model_name="resident", name="resident_township_name"),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(fields=["township", "name", "id"], name="resident_township_name_id"),
        ),
        migrations.AddField(
            model_name="resident",
            name="name_search",
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
