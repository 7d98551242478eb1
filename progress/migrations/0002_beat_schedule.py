"""Register the progress jobs with django-celery-beat, so the county sees and edits their schedule in the
admin (Periodic tasks): today's snapshots every morning at 06:30 and again at 12:30, the weekly bulletin on
Monday at 08:00 (Asia/Shanghai). Existing rows with these names are left as the county edited them."""

from django.db import migrations

JOBS = [
    ("progress: compute snapshots (morning)", "progress.compute_progress_scheduled", "30", "6", "*"),
    ("progress: compute snapshots (noon)", "progress.compute_progress_scheduled", "30", "12", "*"),
    ("progress: weekly bulletin", "progress.issue_weekly_bulletin", "0", "8", "1"),
]


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, minute, hour, day_of_week in JOBS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=day_of_week, day_of_month="*", month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True,
                                    description="Quotas and progress (progress app)")
    # Tell a running beat that the schedule changed (what PeriodicTask.save() does outside migrations).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in JOBS]).update(enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(register, unregister)]
