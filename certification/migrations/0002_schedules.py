"""Register the certification beat jobs with django-celery-beat (the county sees and edits them under Periodic
tasks): the village notices every Monday at 06:00, the deadline check every day at 01:30. An existing row of
that name is left as it was edited."""

from django.db import migrations

JOBS = [
    ("certification: publish village notices", "certification.publish_notices_scheduled",
     {"minute": "0", "hour": "6", "day_of_week": "1"}),
    ("certification: suspend the uncertified after the deadline", "certification.deadline_scheduled",
     {"minute": "30", "hour": "1", "day_of_week": "*"}),
]


def register(apps, schema_editor):
    from django.utils import timezone

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, when in JOBS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_month="*", month_of_year="*", timezone="Asia/Shanghai", **when)
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True,
                                    description="Survival certification (certification app)")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    names = [name for name, _task, _when in JOBS]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).update(enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(register, unregister)]
