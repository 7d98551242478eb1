"""The deadline: every recipient still on the roster uncertified after the campaign's deadline is suspended
through benefits (source certification.deadline). A later certification resumes them (services.records)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from benefits import services as benefits_services
from pension import outbox
from pension.errors import Conflict
from pension.oplog import log_operation
from pension.permissions import require_post
from pension.runs import claim_run

from ..apps import COUNTY
from ..models import Campaign, CampaignEntry, CertificationRun, EntryStatus
from .system import system_reader

log = logging.getLogger(__name__)
SOURCE = "certification.deadline"


ACTIVE = (CertificationRun.Status.QUEUED, CertificationRun.Status.RUNNING)


@transaction.atomic
def deadline_request(*, actor, campaign: Campaign, trigger: str = CertificationRun.Trigger.BUTTON,
                     enqueue: bool = True) -> CertificationRun:
    """Queue the deadline run of a campaign whose deadline has passed (the county's button; the beat job with
    actor None). The task goes through the outbox, sent by name after this transaction commits."""
    if actor is not None:
        require_post(actor, COUNTY)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.ends_on >= timezone.localdate():
        raise ValidationError({"campaign": _("The deadline of this campaign has not passed yet.")})
    if CertificationRun.objects.filter(kind=CertificationRun.Kind.DEADLINE, campaign=campaign,
                                       status__in=ACTIVE).exists():
        raise Conflict({"campaign": _("The deadline of this campaign is already being processed.")})
    run = CertificationRun.objects.create(kind=CertificationRun.Kind.DEADLINE, campaign=campaign, trigger=trigger,
                                          requested_by=actor)
    log_operation(actor=actor, action="certification.deadline_request", obj=run, after={"campaign": campaign.year})
    if enqueue:
        run.outbox_message = outbox.enqueue("certification.run_deadline", run_id=run.pk)
    return run


def deadline_execute(*, run_id: int) -> CertificationRun:
    """Suspend everyone due and not certified, one entry per transaction (a large county's run does not hold
    one huge transaction). Claimed with one conditional UPDATE: a redelivered task does nothing; a suspended
    entry is skipped, so a run that failed half-way can be requested again."""
    claimed = claim_run(CertificationRun, run_id, waiting=Q(status=CertificationRun.Status.QUEUED),
                        status=CertificationRun.Status.RUNNING, started_at=timezone.now())
    run = CertificationRun.objects.select_related("campaign", "requested_by").get(pk=run_id)
    if not claimed:
        return run
    try:
        count = _suspend_due(run)
    except Exception as exc:  # noqa: BLE001 - the run records the failure for the county to see
        log.exception("deadline run %s failed", run_id)
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        CertificationRun.objects.filter(pk=run_id).update(status=CertificationRun.Status.FAILED,
                                                          finished_at=timezone.now(), error=message[:2000])
        run.refresh_from_db()
        return run
    with transaction.atomic():
        CertificationRun.objects.filter(pk=run_id).update(status=CertificationRun.Status.SUCCEEDED,
                                                          finished_at=timezone.now(), count=count)
        Campaign.objects.filter(pk=run.campaign_id, deadline_done_at__isnull=True).update(
            deadline_done_at=timezone.now())
        log_operation(actor=run.requested_by, action="certification.deadline_done", obj=run,
                      after={"suspended": count, "campaign": run.campaign.year})
    run.refresh_from_db()
    return run


def deadline_scheduled() -> list[int]:
    """The daily beat job: a run for every campaign whose deadline has passed and was not processed, carried out
    here (the beat job is itself a task); a campaign whose run is under way is left to it."""
    done = []
    for campaign in deadline_due_campaigns():
        try:
            run = deadline_request(actor=None, campaign=campaign, trigger=CertificationRun.Trigger.SCHEDULE,
                                   enqueue=False)
        except Conflict:
            continue
        done.append(deadline_execute(run_id=run.pk).pk)
    return done


def _suspend_due(run: CertificationRun) -> int:
    campaign = run.campaign
    reader = system_reader()
    count = 0
    entry_ids = list(CampaignEntry.objects.filter(campaign=campaign, status=EntryStatus.DUE,
                                                  suspended_at__isnull=True).values_list("id", flat=True))
    for entry_id in entry_ids:
        with transaction.atomic():
            entry = CampaignEntry.objects.select_for_update().get(pk=entry_id)
            if entry.status != EntryStatus.DUE or entry.suspended_at is not None:
                continue
            recipient = benefits_selectors.recipient_for_resident(user=reader, resident_id=entry.resident_id)
            if recipient is None or recipient.status != "active":
                continue
            benefits_services.recipient_suspend(
                actor=run.requested_by, recipient=recipient, source=SOURCE,
                reason=_("Not certified by the deadline %(day)s of the %(year)s campaign.")
                % {"day": campaign.ends_on.isoformat(), "year": campaign.year})
            entry.suspended_at = timezone.now()
            entry.save(update_fields=["suspended_at"])
            count += 1
    return count


def deadline_due_campaigns():
    """Campaigns whose deadline has passed and which the deadline job has not processed (for the beat job)."""
    return Campaign.objects.filter(ends_on__lt=timezone.localdate(), deadline_done_at__isnull=True)
