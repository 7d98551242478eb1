"""Register the beat job that sends the outbox messages the broker could not take, every minute, with
django-celery-beat (the county sees it in Periodic tasks). An existing row of that name is left as edited."""

from django.db import migrations

NAME = "pension: send queued task messages (outbox)"


def register(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if not PeriodicTask.objects.filter(name=NAME).exists():
        every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
        PeriodicTask.objects.create(name=NAME, task="pension.outbox_flush", interval=every_minute, enabled=True,
                                    description="Runs queued while Redis was down (kernel outbox)")
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).update(enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("pension", "0003_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(register, unregister)]
