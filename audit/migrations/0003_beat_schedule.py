"""Register the audit's two jobs with django-celery-beat (the county sees and may edit them in Periodic tasks):
the quarterly plan on the first day of each quarter, and the nightly red-flag run. Existing rows of those names
are left as edited."""

from django.db import migrations

JOBS = [
    ("audit: quarterly spot-check plan", "audit.create_quarterly_plan",
     {"minute": "30", "hour": "1", "day_of_month": "1", "month_of_year": "1,4,7,10", "day_of_week": "*"},
     "Creates the plan for the quarter just ended, due on the 10th (audit app)"),
    ("audit: nightly red flags", "audit.run_red_flags",
     {"minute": "0", "hour": "2", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
     "Runs every red-flag rule (audit app)"),
]


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, cron, description in JOBS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Shanghai", **cron)
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True, description=description)
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[j[0] for j in JOBS]).update(
        enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_seed_templates"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(register, unregister)]
