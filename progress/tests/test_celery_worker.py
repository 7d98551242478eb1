"""The on-demand computation through a REAL Celery worker (a `celery -A pension worker` process) against Redis,
not eager: the button's transaction commits, the task goes to Redis, the worker runs it against the test
database, and the run record finishes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from progress.models import ProgressRun, Snapshot
from progress.services import progress_run_request

BROKER = "redis://127.0.0.1:6379/3"  # DB 3: this app's tests only
ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_broker(monkeypatch):
    if not redis_up():
        if IN_CI:
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 in CI")
        pytest.skip("needs Redis at 127.0.0.1:6379")
    import redis

    from pension.celery import app

    redis.Redis.from_url(BROKER).delete("celery")  # nothing stale from an earlier run
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration (CI sets it), so the
    # test's broker must be set there too.
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    _reset_pool(app)
    yield app
    app.conf.update(saved)
    _reset_pool(app)


def _reset_pool(app):
    # Forget the cached connection and producer pools, so the next send connects to the broker now configured.
    app._pool = None
    app.amqp._producer_pool = None


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(redis_broker):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "pension.settings",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pension", "worker", "-P", "solo", "-c", "1", "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "progress-test@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_demand_run_goes_through_a_real_worker_and_its_record_finishes(worker, campaign, officer, year):
    run = progress_run_request(actor=officer, year=year)  # commits (autocommit); on_commit sends to Redis
    assert run.status == "queued"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in ("succeeded", "failed"):
            break
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.5)
    worker.send_signal(signal.SIGTERM)
    log = worker.communicate(timeout=30)[0]
    assert run.status == "succeeded", (run.status, run.error, log)
    assert run.started_at and run.finished_at and run.rows > 0
    assert Snapshot.objects.filter(run=run, current=True).count() == run.rows
    assert "progress.compute_progress" in log and "succeeded" in log  # it was the worker, not this process
    assert ProgressRun.objects.count() == 1
