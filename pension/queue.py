"""Starting a Celery task from a service: by its name, after the transaction commits.

A service never imports its app's tasks module (the tasks module imports the services, so that would be a
cycle inside the app): it names the task, e.g. `enqueue_on_commit("funds.post_interest", run_id=run.pk)`.
Without a broker (CELERY_TASK_ALWAYS_EAGER, the demo and the test suite) the registered task runs in-process
at commit, exactly as `task.delay()` would.
"""

from django.db import transaction

from .celery import app


def _send(task_name: str, kwargs: dict) -> None:
    if app.conf.task_always_eager:
        if task_name not in app.tasks:
            app.loader.import_default_modules()  # registers every app's tasks.py (autodiscovery) by name
        app.tasks[task_name].apply_async(kwargs=kwargs)  # eager: runs here, like .delay()
    else:
        app.send_task(task_name, kwargs=kwargs)


def enqueue_on_commit(task_name: str, *, robust: bool = False, **kwargs) -> None:
    """Send `task_name` with keyword arguments once the current transaction commits (at once outside one).
    robust=True: an exception while sending (or, eagerly, while running) is logged, not raised into the page."""
    transaction.on_commit(lambda: _send(task_name, kwargs), robust=robust)
