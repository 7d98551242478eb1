"""The notice and deadline runs: the task is sent through the outbox only when the run's transaction commits,
claimed with one conditional UPDATE (a redelivered task does nothing), and a failure is recorded on the run."""

import pytest
from django.db import transaction

from benefits.models import RecipientEvent
from certification import services, tasks
from certification.models import CertificationRun, Notice
from certification.services import notices as notices_module
from pension.errors import Conflict
from pension.models import OperationLog, OutboxMessage

pytestmark = pytest.mark.django_db


def test_notice_run_task_is_sent_only_after_the_run_commits(officer, clerk_a, campaign, recipients,
                                                            django_capture_on_commit_callbacks):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.notices_request(actor=officer)
    message = OutboxMessage.objects.get(task="certification.publish_notices")
    assert message.kwargs == {"run_id": run.pk} and message.sent_at is None
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == "queued" and not Notice.objects.exists()
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == "succeeded" and run.count == 1
    message.refresh_from_db()
    assert message.sent_at is not None


def test_a_request_rolled_back_leaves_neither_run_nor_message(officer, campaign,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.notices_request(actor=officer)
            raise RuntimeError("the caller failed after the request")
    assert callbacks == []
    assert not CertificationRun.objects.exists() and not OutboxMessage.objects.exists()


def test_a_redelivered_notice_task_publishes_nothing_twice(officer, clerk_a, campaign, recipients,
                                                          django_capture_on_commit_callbacks):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.notices_request(actor=officer)
    assert Notice.objects.filter(run=run).count() == 1
    tasks.publish_notices(run.pk)
    assert Notice.objects.filter(run=run).count() == 1
    assert OperationLog.objects.filter(action="notices.publish").count() == 1


def test_a_run_another_worker_claimed_is_left_alone(officer, clerk_a, campaign, recipients):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    run = services.notices_request(actor=officer)  # on_commit never fires inside the test's transaction
    CertificationRun.objects.filter(pk=run.pk).update(status="running")
    assert services.notices_execute(run_id=run.pk).status == "running"
    assert not Notice.objects.exists()


def test_a_failed_notice_run_records_its_error_and_writes_no_notice(officer, clerk_a, campaign, recipients,
                                                                   monkeypatch):
    services.certification_record(actor=clerk_a, resident=recipients[0].resident, mode="on_site", result="alive")
    run = services.notices_request(actor=officer)

    def broken(*args, **kwargs):
        raise ValueError("disk full")

    monkeypatch.setattr(notices_module, "build_rows", broken)
    run = services.notices_execute(run_id=run.pk)
    assert run.status == "failed" and "disk full" in run.error and run.finished_at is not None
    assert not Notice.objects.exists()


def test_deadline_button_sends_its_task_after_commit_and_refuses_a_second_while_queued(
        officer, officer2, past_campaign, recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.deadline_request(actor=officer, campaign=past_campaign)
    assert OutboxMessage.objects.get(task="certification.run_deadline").kwargs == {"run_id": run.pk}
    assert not RecipientEvent.objects.filter(kind="suspend").exists()
    with pytest.raises(Conflict):
        services.deadline_request(actor=officer2, campaign=past_campaign)
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == "succeeded" and run.count == 4
    tasks.run_deadline(run.pk)  # redelivered
    assert RecipientEvent.objects.filter(kind="suspend").count() == 4


def test_beat_deadline_job_leaves_a_run_record_per_campaign(past_campaign, recipients):
    done = tasks.deadline_scheduled()
    run = CertificationRun.objects.get(pk=done[0])
    assert (run.kind, run.trigger, run.status, run.count) == ("deadline", "schedule", "succeeded", 4)
    assert run.started_at and run.finished_at
    assert OperationLog.objects.filter(action="certification.deadline_done", object_id=str(run.pk)).exists()


def test_beat_notice_job_leaves_a_run_still_queued_to_its_worker(officer, campaign, today):
    queued = services.notices_request(actor=officer)  # its message not sent yet (no commit in the test)
    CertificationRun.objects.filter(pk=queued.pk).update(period_end=today.replace(day=1))
    assert tasks.publish_notices_scheduled() == queued.pk
    assert CertificationRun.objects.filter(kind="notices").count() == 1
