"""The beat schedule of the progress jobs (django-celery-beat rows), as the county sees and edits it."""

from celery.schedules import crontab
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from pension.oplog import log_operation
from pension.permissions import require_post

from ..apps import MANAGERS

PROGRESS_TASKS = ("progress.compute_progress_scheduled", "progress.issue_weekly_bulletin")
TIME_ZONE = "Asia/Shanghai"


def progress_schedule():
    return PeriodicTask.objects.filter(task__in=PROGRESS_TASKS).select_related("crontab").order_by("task", "name")


def _describe(task: PeriodicTask) -> dict:
    c = task.crontab
    return {"enabled": task.enabled, "minute": c.minute if c else None, "hour": c.hour if c else None,
            "day_of_week": c.day_of_week if c else None}


@transaction.atomic
def schedule_update(*, actor, task_id: int, minute: str, hour: str, day_of_week: str, enabled: bool) -> PeriodicTask:
    """Change when a progress job runs (cron fields, Asia/Shanghai) or switch it off. Beat reloads the change."""
    require_post(actor, MANAGERS, _("Only county business officers change the schedule."))
    task = PeriodicTask.objects.select_for_update().filter(task__in=PROGRESS_TASKS, pk=task_id).first()
    if task is None:
        raise ValidationError({"task": _("This is not a scheduled progress job.")})
    fields = {"minute": (minute or "").strip(), "hour": (hour or "").strip(),
              "day_of_week": (day_of_week or "").strip() or "*"}
    errors = {}
    for name, value in fields.items():
        try:
            crontab(**{name: value or "?"})
        except (ValueError, TypeError):
            errors[name] = _("Not a valid schedule field: %(value)s.") % {"value": value}
    if errors:
        raise ValidationError(errors)
    before = _describe(task)
    schedule, _created = CrontabSchedule.objects.get_or_create(
        day_of_month="*", month_of_year="*", timezone=TIME_ZONE, **fields
    )
    task.crontab, task.enabled = schedule, bool(enabled)
    task.save()  # also tells a running beat that the schedule changed
    log_operation(actor=actor, action="progress.schedule", obj=task, before=before, after=_describe(task))
    return task
