"""The deadline: every recipient still on the roster uncertified after the campaign's deadline is suspended
through benefits (source certification.deadline). A later certification resumes them (services.records)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from benefits import services as benefits_services
from pension import outbox
from pension.oplog import log_operation
from pension.permissions import require_post

from ..apps import COUNTY
from ..models import Campaign, CampaignEntry, CertificationRun, EntryStatus
from .system import system_reader

log = logging.getLogger(__name__)
SOURCE = "certification.deadline"


def deadline_request(*, actor, campaign: Campaign) -> CertificationRun:
    """The county's button: queue the deadline run of a campaign whose deadline has passed."""
    require_post(actor, COUNTY)
    if campaign.ends_on >= timezone.localdate():
        raise ValidationError({"campaign": _("The deadline of this campaign has not passed yet.")})
    with transaction.atomic():
        run = CertificationRun.objects.create(kind=CertificationRun.Kind.DEADLINE, campaign=campaign,
                                              trigger=CertificationRun.Trigger.BUTTON, requested_by=actor)
        log_operation(actor=actor, action="certification.deadline_request", obj=run, after={"campaign": campaign.year})
        run.outbox_message = outbox.enqueue("certification.run_deadline", run_id=run.pk)
    return run


def deadline_execute(*, run_id: int) -> CertificationRun:
    """Suspend everyone due and not certified. Idempotent: a suspended entry is skipped, a finished run is left."""
    with transaction.atomic():
        run = CertificationRun.objects.select_for_update().get(pk=run_id)
        if run.status in (CertificationRun.Status.SUCCEEDED, CertificationRun.Status.RUNNING):
            return run
        run.status, run.started_at = CertificationRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        count = _suspend_due(run)
    except Exception as exc:  # noqa: BLE001 - the run records the failure for the county to see
        log.exception("deadline run %s failed", run_id)
        CertificationRun.objects.filter(pk=run_id).update(status=CertificationRun.Status.FAILED,
                                                          finished_at=timezone.now(), error=str(exc)[:2000])
        raise
    with transaction.atomic():
        run.status, run.finished_at, run.count = CertificationRun.Status.SUCCEEDED, timezone.now(), count
        run.save(update_fields=["status", "finished_at", "count"])
        Campaign.objects.filter(pk=run.campaign_id, deadline_done_at__isnull=True).update(
            deadline_done_at=timezone.now())
        log_operation(actor=run.requested_by, action="certification.deadline_done", obj=run,
                      after={"suspended": count, "campaign": run.campaign.year})
    return run


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
