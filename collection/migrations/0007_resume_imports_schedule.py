"""Register the job that queues again the contribution imports whose task was lost or interrupted, every 10
minutes, with django-celery-beat (the county sees it in Periodic tasks). An existing row of that name is left
as it was edited."""

from django.db import migrations

NAME = "collection: resume interrupted imports"


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if not PeriodicTask.objects.filter(name=NAME).exists():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="*/10", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.create(name=NAME, task="collection.resume_imports", crontab=crontab, enabled=True,
                                    description="Contribution imports (collection app)")
    # Tell a running beat that the schedule changed (what PeriodicTask.save() does outside migrations).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).update(enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0006_drop_indexes_covered_by_composites"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(register, unregister)]
