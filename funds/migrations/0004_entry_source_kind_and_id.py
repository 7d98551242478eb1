"""The ledger no longer names collection's contribution: an entry records its source as a kind and an id, and
the contribution year it counts for. Existing entries keep their contribution as (source_kind="contribution",
source_id=<contribution id>, for_year=<its year>)."""

from django.conf import settings
from django.db import migrations, models


def copy_contribution_to_source(apps, schema_editor):
    AccountEntry = apps.get_model("funds", "AccountEntry")
    AccountEntry.objects.filter(contribution__isnull=False).update(
        source_kind="contribution", source_id=models.F("contribution_id")
    )
    # The contribution year each credit, reversal or catch-up counts for, copied from its contribution.
    schema_editor.execute(
        "UPDATE funds_accountentry e SET for_year = c.year FROM collection_contribution c "
        "WHERE e.contribution_id = c.id AND e.kind IN ('credit', 'reversal')"
    )


def copy_source_to_contribution(apps, schema_editor):
    AccountEntry = apps.get_model("funds", "AccountEntry")
    AccountEntry.objects.filter(source_kind="contribution").update(contribution_id=models.F("source_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("funds", "0003_seed_interest_rates"),
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
