"""The ledger no longer names collection's contribution: an entry records its source as a kind and an id, and
the contribution year it counts for. Existing entries keep their contribution as (source_kind="contribution",
source_id=<contribution id>, for_year=<its year>)."""

from django.conf import settings
from django.db import migrations, models


TRIGGER = "funds_accountentry_no_update_delete"  # the ledger's append-only trigger (0004)


def _with_trigger_off(schema_editor, statements: list[str]) -> None:
    """This one-off restatement of existing rows is the only UPDATE the ledger ever takes: the append-only
    trigger is switched off for it, inside the migration's transaction, and on again before it commits."""
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE funds_accountentry DISABLE TRIGGER {TRIGGER}")
    for sql in statements:
        schema_editor.execute(sql)
    if postgres:
        schema_editor.execute(f"ALTER TABLE funds_accountentry ENABLE TRIGGER {TRIGGER}")


def copy_contribution_to_source(apps, schema_editor):
    _with_trigger_off(schema_editor, [
        "UPDATE funds_accountentry SET source_kind = 'contribution', source_id = contribution_id "
        "WHERE contribution_id IS NOT NULL",
        # The contribution year each credit or reversal counts for, copied from its contribution.
        "UPDATE funds_accountentry SET for_year = (SELECT c.year FROM collection_contribution c "
        "WHERE c.id = funds_accountentry.contribution_id) "
        "WHERE contribution_id IS NOT NULL AND kind IN ('credit', 'reversal')",
    ])


def copy_source_to_contribution(apps, schema_editor):
    _with_trigger_off(schema_editor, [
        "UPDATE funds_accountentry SET contribution_id = source_id WHERE source_kind = 'contribution'",
    ])


class Migration(migrations.Migration):

    dependencies = [
        ("funds", "0005_deposit_reversal_proposals"),
        ("collection", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="accountentry",
            name="source_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="source id"),
        ),
        migrations.AddField(
            model_name="accountentry",
            name="source_kind",
            field=models.CharField(blank=True, choices=[("contribution", "Contribution")], default="", db_default="",
                                   max_length=20, verbose_name="source kind"),
        ),
        migrations.AddField(
            model_name="accountentry",
            name="for_year",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="counts for year"),
        ),
        migrations.RunPython(copy_contribution_to_source, copy_source_to_contribution),
        migrations.RemoveConstraint(
            model_name="accountentry",
            name="one_entry_per_contribution_component_kind",
        ),
        migrations.RemoveConstraint(
            model_name="accountentry",
            name="one_interest_entry_per_account_year",
        ),
        migrations.RemoveField(
            model_name="accountentry",
            name="contribution",
        ),
        migrations.AddConstraint(
            model_name="accountentry",
            constraint=models.UniqueConstraint(condition=models.Q(("source_id__isnull", False)),
                                               fields=("source_kind", "source_id", "component", "kind"),
                                               name="one_entry_per_source_component_kind"),
        ),
        migrations.AddConstraint(
            model_name="accountentry",
            constraint=models.UniqueConstraint(condition=models.Q(("kind", "interest"), ("source_id__isnull", True)),
                                               fields=("account", "year"), name="one_interest_entry_per_account_year"),
        ),
    ]
