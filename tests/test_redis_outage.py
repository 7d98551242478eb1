"""Redis goes down mid-run: a run requested meanwhile is not lost and nothing answers 500. Its task message waits
in the outbox (a row of the run's own transaction), the user reads "已排队，服务恢复后自动执行", and once Redis is
back the flush job sends it.

A second redis-server of its own is started on another port and stopped for real (never the shared one on 6379)."""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client
from django.utils import timezone

from pension import outbox
from pension.models import OutboxMessage, User

PORT = 6391


def _free(port) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _start_redis():
    assert shutil.which("redis-server"), "redis-server is needed (apt-get install redis-server)"
    assert _free(PORT), f"port {PORT} is taken"
    proc = subprocess.Popen(["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=PORT, socket_connect_timeout=1)
    for _ in range(50):
        try:
            if client.ping():
                return proc, client
        except redis.RedisError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the test's redis-server did not start")


def _stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def own_redis(monkeypatch):
    from pension.celery import app

    proc, client = _start_redis()
    broker = f"redis://127.0.0.1:{PORT}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_retry",
                                            "broker_connection_max_retries", "broker_transport_options")}
    app.conf.update(broker_url=broker, task_always_eager=False, broker_connection_retry=False,
                    broker_connection_max_retries=0, broker_transport_options={"max_retries": 0})
    app._pool = None
    app.amqp._producer_pool = None
    state = {"proc": proc}
    yield state, client
    if state["proc"].poll() is None:
        _stop(state["proc"])
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def _queued_run_ids(client) -> list[int]:
    import base64
    import json

    ids = []
    for raw in client.lrange("celery", 0, -1):
        body = json.loads(base64.b64decode(json.loads(raw)["body"]))
        ids.append(body[1]["run_id"])
    return ids


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_requested_while_redis_is_down_is_queued_and_sent_when_it_is_back(own_redis, officer):
    state, client = own_redis
    web = Client(raise_request_exception=False)
    web.force_login(User.objects.get(pk=officer.pk))
    year = timezone.localdate().year

    # Redis up: the message goes at once.
    response = web.post("/progress/compute/", {"year": year}, follow=True)
    assert response.status_code == 200
    first = OutboxMessage.objects.get()
    assert first.sent_at is not None, first.last_error

    # Redis stops mid-run.
    _stop(state["proc"])
    started = time.monotonic()
    response = web.post("/progress/compute/", {"year": year}, follow=True)
    assert time.monotonic() - started < 30
    assert response.status_code == 200
    assert "已排队，服务恢复后自动执行" in response.content.decode()
    waiting = OutboxMessage.objects.get(sent_at__isnull=True)
    assert waiting.task == "progress.compute_progress" and waiting.last_error
    assert outbox.flush() == (0, 1)  # still down: nothing sent, nothing lost

    # Redis is back (empty, as after a crash without persistence): the flush job sends what waited.
    state["proc"], client = _start_redis()
    from pension.celery import app

    app._pool = None
    app.amqp._producer_pool = None
    assert outbox.flush() == (1, 0)
    assert _queued_run_ids(client) == [waiting.kwargs["run_id"]]
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0
    assert waiting.created_at < timezone.now() + datetime.timedelta(seconds=1)
