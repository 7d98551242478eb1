"""Recording a certification (entry screen, API, data comparison): the record, its evidence, the roster
entry, a resumption of a pension the deadline suspended, and a case for a reported death."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefits_selectors
from benefits import services as benefits_services
from pension.errors import Conflict
from pension.models import Area
from pension.oplog import log_operation, snapshot
from pension.permissions import REGISTRARS, has_post, require_post
from pension.scope import scope_queryset

from ..apps import RECORDERS
from ..models import CampaignEntry, EntryStatus, MatchCase, MatchKind, MatchStatus, Mode, Record, Result
from .evidence import MAX_FILES, evidence_store


class RecipientNotFound(ValidationError):
    """No recipient with this ID number in the actor's scope (a ValidationError on "id_number", so a form shows it
    beside the field; the API tells out-of-scope and unknown (404) from an in-scope resident without a pension)."""


RECORD_FIELDS = ["resident", "campaign", "mode", "result", "certified_on", "death_date", "source", "note"]


def _as_date(value, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: _("Enter a real date as YYYY-MM-DD.")})


def open_entry_for(*, resident_id: int, day: datetime.date) -> CampaignEntry | None:
    """The roster entry of the latest campaign begun by `day` that lists the resident, row-locked."""
    return (CampaignEntry.objects.select_for_update(of=("self",)).select_related("campaign")
            .filter(resident_id=resident_id, campaign__starts_on__lte=day).order_by("-campaign__year").first())


def benefits_actor(actor):
    """benefits lets clerks and county officers change a recipient; a village assistant's certification resumes
    a pension as the system (source certification.record), the assistant standing in this app's log."""
    return actor if has_post(actor, REGISTRARS) else None


@transaction.atomic
def certification_record(*, actor, resident, mode: str, result: str, certified_on=None, death_date=None,
                         note: str = "", files=(), source: str = Record.Source.WEB) -> Record:
    require_post(actor, RECORDERS)
    recipient = benefits_selectors.recipient_for_resident(user=actor, resident_id=resident.pk)
    if recipient is None and not scope_queryset(actor, Area.objects.filter(pk=resident.village_id)).exists():
        raise Http404  # another area's resident: absent, as a guessed id is
    if recipient is None:
        raise ValidationError({"id_number": _("This person does not receive a pension in your area.")})
    return _record(actor=actor, recipient=recipient, mode=mode, result=result, certified_on=certified_on,
                   death_date=death_date, note=note, files=files, source=source)


@transaction.atomic
def certification_record_by_id_number(*, actor, id_number: str, mode: str, result: str, certified_on=None,
                                      death_date=None, note: str = "", files=(),
                                      source: str = Record.Source.WEB) -> Record:
    """The entry screen's save: the recipient and the resident found by ID number in the actor's scope in one
    query (the entry screen and the API). Someone out of scope, or in scope and receiving no pension, gets the
    same answer (RecipientNotFound, no hint who it is). The record comes back with its resident and campaign
    loaded, so an answer can show it without reading it again."""
    require_post(actor, RECORDERS)
    recipient = benefits_selectors.recipient_find_by_id_number(user=actor, id_number=id_number)
    if recipient is None:
        raise RecipientNotFound({"id_number": _("No pension recipient with this ID number in your area.")})
    return _record(actor=actor, recipient=recipient, mode=mode, result=result, certified_on=certified_on,
                   death_date=death_date, note=note, files=files, source=source)


def _record(*, actor, recipient, mode, result, certified_on, death_date, note, files, source) -> Record:
    resident = recipient.resident
    errors = {}
    if mode not in Mode.values:
        errors["mode"] = _("Choose how the person was certified.")
    if result not in Result.values:
        errors["result"] = _("Choose the result.")
    today = timezone.localdate()
    certified_on = _as_date(certified_on, "certified_on") or today
    death_date = _as_date(death_date, "death_date")
    if certified_on > today:
        errors["certified_on"] = _("The certification date cannot be in the future.")
    if result == Result.DECEASED:
        if death_date is None:
            errors["death_date"] = _("Enter the date of death.")
        elif death_date > certified_on:
            errors["death_date"] = _("The date of death must be a real date, not after the certification date.")
    elif death_date is not None:
        errors["death_date"] = _("A date of death goes only with the result 'deceased'.")
    files = list(files or [])
    if len(files) > MAX_FILES:
        errors["evidence"] = _("Attach at most %(n)s files.") % {"n": MAX_FILES}
    note = (note or "").strip()[:200]
    if errors:
        raise ValidationError(errors)
    if recipient.status == "stopped":
        raise Conflict({"id_number": _("This person's pension has been stopped; there is nothing to certify.")})
    entry = open_entry_for(resident_id=resident.pk, day=certified_on)
    if result == Result.ALIVE and entry is not None and entry.status == EntryStatus.CERTIFIED:
        raise Conflict({"id_number": _("%(name)s was already certified on %(day)s in this campaign.")
                        % {"name": resident.name, "day": entry.certified_on.isoformat()}})
    # The village as the object loaded with the recipient: the answer shows it without another query.
    record = Record.objects.create(
        resident=resident, campaign=entry.campaign if entry else None, township_id=recipient.township_id,
        village=recipient.village, natural_village_id=recipient.natural_village_id, mode=mode, result=result,
        certified_on=certified_on, death_date=death_date, note=note, source=source, recorded_by=actor)
    for upload in files:
        evidence_store(actor=actor, upload=upload, township=recipient.township, village=recipient.village,
                       record=record)
    log_operation(actor=actor, action="certification.record", obj=record, after=snapshot(record, RECORD_FIELDS),
                  area=recipient.village)
    if result == Result.ALIVE:
        _certify_entry(actor=actor, entry=entry, record=record, recipient=recipient)
    elif result == Result.DECEASED:
        match_case_open(actor=actor, kind=MatchKind.DEATH, recipient=recipient, event_date=death_date,
                        detail=_("Reported at certification"), source_record=record)
    return record


def _certify_entry(*, actor, entry, record, recipient) -> None:
    if entry is None:
        return
    entry.status, entry.record, entry.certified_on, entry.mode = (EntryStatus.CERTIFIED, record,
                                                                  record.certified_on, record.mode)
    fields = ["status", "record", "certified_on", "mode"]
    if entry.suspended_at is not None and entry.resumed_at is None and recipient.status == "suspended":
        # The deadline suspended this pension; certifying resumes it and benefits pays the months as arrears.
        benefits_services.recipient_resume(
            actor=benefits_actor(actor), recipient=recipient, source="certification.record",
            reason=_("Certified on %(day)s after the deadline (record %(id)s).")
            % {"day": record.certified_on.isoformat(), "id": record.pk})
        entry.resumed_at = timezone.now()
        fields.append("resumed_at")
    entry.save(update_fields=fields)


def match_case_open(*, actor, kind: str, recipient, event_date: datetime.date, detail: str = "",
                    source_import=None, source_record=None) -> MatchCase | None:
    """Open a case for a county officer, unless one of the kind is open already (called inside a write)."""
    if MatchCase.objects.filter(resident_id=recipient.resident_id, kind=kind, status=MatchStatus.OPEN).exists():
        return None
    case = MatchCase.objects.create(kind=kind, resident_id=recipient.resident_id, township_id=recipient.township_id,
                                    village_id=recipient.village_id, event_date=event_date, detail=detail[:200],
                                    source_import=source_import, source_record=source_record, raised_by=actor)
    log_operation(actor=actor, action="match_case.open", obj=case,
                  after=snapshot(case, ["kind", "resident", "event_date", "detail"]), area=recipient.village)
    return case
