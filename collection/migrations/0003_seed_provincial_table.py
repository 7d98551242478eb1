from django.db import migrations


def forwards(apps, schema_editor):
    from collection.parameters import seed_parameters

    seed_parameters(apps)


class Migration(migrations.Migration):
    dependencies = [("collection", "0002_import_run_cancel")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
