"""Register the monthly job that builds next month's newly-of-age list (the 1st, 02:30) with django-celery-beat.
An existing row of that name is left as it was edited."""

from django.db import migrations

NAME = "benefits: newly-of-age list for next month"


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if not PeriodicTask.objects.filter(name=NAME).exists():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="30", hour="2", day_of_week="*", day_of_month="1", month_of_year="*", timezone="Asia/Shanghai")
        PeriodicTask.objects.create(name=NAME, task="benefits.build_due_list", crontab=crontab, enabled=True,
                                    description="Benefits: residents turning 60 next month")
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).update(enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0003_seed_parameters"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(register, unregister)]
