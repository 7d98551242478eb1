"""Writes of residents and enrolments. Each is one transaction and writes its operation-log row."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pension import idnumber
from pension.errors import Conflict, violated_constraint
from pension.models import Area, AreaLevel
from pension.oplog import log_operation, snapshot
from pension.params import clean_name
from pension.permissions import REGISTRARS, require_post
from pension.scope import area_in_scope, require_area_in_scope

from . import hardship_changes
from .models import Enrollment, EpisodeStatus, Hardship, Resident, ResidentStanding

MIN_ENROL_AGE = 16
PHONE_RE = re.compile(r"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})\Z")
ACCOUNT_RE = re.compile(r"^[0-9]{12,30}\Z")
# The hardship category is not an ordinary edit: it decides government money and changes only through a
# confirmed request (enrollment/hardship_changes.py, issue 10 item 6).
EDITABLE_FIELDS = ("ethnicity", "hukou_address", "village", "natural_village", "phone", "bank_account")
RESIDENT_LOG_FIELDS = ["name", "id_number", "gender", "birth_date", *EDITABLE_FIELDS, "hardship", "enrolment_status",
                       "death_date"]
HARDSHIP_FORM_FIELDS = ("hardship", "hardship_reason", "hardship_evidence")


def _require_registrar(actor) -> None:
    require_post(actor, REGISTRARS, _("Only township clerks and county business officers register residents."))


def _clean_place(*, actor, village: Area, natural_village: Area | None) -> None:
    if village is None or village.level != AreaLevel.VILLAGE:
        raise ValidationError({"village": _("Choose an administrative village or community.")})
    require_area_in_scope(actor, village)
    if natural_village is not None and (
        natural_village.level != AreaLevel.NATURAL or natural_village.parent_id != village.id
    ):
        raise ValidationError({"natural_village": _("This natural village does not belong to the chosen village.")})


def _clean_contact(*, phone: str, bank_account: str) -> dict:
    errors = {}
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = _("Enter an 11-digit mobile number or a landline with area code.")
    if bank_account and not ACCOUNT_RE.match(bank_account):
        errors["bank_account"] = _("A bank account number has 12 to 30 digits.")
    return errors


def _clean_declared_hardship(*, hardship: str, reason: str, evidence: str) -> dict:
    """A category declared at registration needs a reason and evidence like any change: {} for none."""
    if hardship == Hardship.NONE:
        return {}
    try:
        hardship_changes.clean_request(to_category=hardship, reason=reason, evidence=evidence,
                                       fields=HARDSHIP_FORM_FIELDS)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def duplicate_message(id_number: str, *, actor) -> str:
    from .selectors import resident_find_by_id_number, resident_township_of

    if resident_find_by_id_number(user=actor, id_number=id_number):
        return _("A resident with this ID number is already registered.")
    township = resident_township_of(id_number=id_number)
    return _("This ID number is already registered in %(township)s; ask that township to transfer or correct it.") % {
        "township": township.name if township else "?"
    }


@transaction.atomic
def resident_register(
    *,
    actor,
    name: str,
    id_number: str,
    village: Area,
    natural_village: Area | None = None,
    ethnicity: str = "汉族",
    hukou_address: str = "",
    hardship: str = Hardship.NONE,
    hardship_reason: str = "",
    hardship_evidence: str = "",
    phone: str = "",
    bank_account: str = "",
) -> Resident:
    """Register a resident. A hardship category declared here is government money like any change of it: the
    resident is recorded with none and the declared category becomes a request that a county officer other than
    the registrar confirms (enrollment/hardship_changes.py)."""
    _require_registrar(actor)
    errors = {}
    try:
        name = clean_name(name, label=_("Name"))
    except ValidationError:
        errors["name"] = _("Enter the resident's name as on the ID card.")
    try:
        info = idnumber.parse(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
        info = None
    phone, bank_account = (phone or "").strip(), (bank_account or "").replace(" ", "")
    errors.update(_clean_contact(phone=phone, bank_account=bank_account))
    errors.update(_clean_declared_hardship(hardship=hardship, reason=hardship_reason, evidence=hardship_evidence))
    if errors:
        raise ValidationError(errors)
    _clean_place(actor=actor, village=village, natural_village=natural_village)
    if Resident.objects.filter(id_number=info.number).exists():
        raise Conflict({"id_number": duplicate_message(info.number, actor=actor)})
    resident = Resident(
        name=name,
        id_number=info.number,
        gender=info.gender,
        birth_date=info.birth_date,
        ethnicity=ethnicity or "",
        hukou_address=hukou_address or "",
        township_id=village.township_id,
        village=village,
        natural_village=natural_village,
        hardship=Hardship.NONE,
        phone=phone,
        bank_account=bank_account,
        registered_by=actor,
    )
    try:
        # A savepoint, so that losing a race on the unique ID leaves the outer transaction usable.
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "resident_id_number_unique":
            raise
        raise Conflict({"id_number": duplicate_message(info.number, actor=actor)})
    log_operation(
        actor=actor,
        action="resident.register",
        obj=resident,
        after=snapshot(resident, RESIDENT_LOG_FIELDS),
        area=resident.village,
    )
    hardship_changes.request_at_registration(actor=actor, resident=resident, to_category=hardship,
                                             reason=hardship_reason, evidence=hardship_evidence)
    return resident


@transaction.atomic
def resident_update(*, actor, resident: Resident, reason: str = "", **changes) -> Resident:
    """Ordinary edits (phone, address, village, bank account). Key data and the hardship category are refused
    here: key data through enrollment/key_data.py, the category through enrollment/hardship_changes.py."""
    _require_registrar(actor)
    locked = [f for f in changes if f in Resident.KEY_FIELDS]
    if locked:
        raise ValidationError(
            {f: _("Name, ID number and birth date are locked; change them through a key-data modification.")
             for f in locked}
        )
    if "hardship" in changes:
        raise ValidationError({"hardship": _("The hardship category decides government money: ask for a change "
                                             "with a reason and evidence; a county officer confirms it.")})
    unknown = [f for f in changes if f not in EDITABLE_FIELDS]
    if unknown:
        raise ValidationError({f: _("This field cannot be edited.") for f in unknown})
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    before = snapshot(resident, RESIDENT_LOG_FIELDS)
    if "phone" in changes:
        changes["phone"] = (changes["phone"] or "").strip()
    if "bank_account" in changes:
        changes["bank_account"] = (changes["bank_account"] or "").replace(" ", "")
    errors = _clean_contact(
        phone=changes.get("phone", resident.phone),
        bank_account=changes.get("bank_account", resident.bank_account),
    )
    if errors:
        raise ValidationError(errors)
    village = changes.get("village", resident.village)
    natural = changes.get("natural_village", resident.natural_village if "village" not in changes else None)
    if "natural_village" in changes:
        natural = changes["natural_village"]
    _clean_place(actor=actor, village=village, natural_village=natural)
    for field, value in changes.items():
        setattr(resident, field, value)
    resident.village, resident.natural_village, resident.township_id = village, natural, village.township_id
    resident.save()
    after = snapshot(resident, RESIDENT_LOG_FIELDS)
    if after != before:
        log_operation(
            actor=actor, action="resident.update", obj=resident, before=before, after=after, reason=reason,
            area=resident.village,
        )
    return resident


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


AWARD_AGE = 60


def enrolment_age_notice(*, resident: Resident, on: datetime.date) -> str | None:
    """What enrolling means for a resident who reaches 60 in the enrolment year, or None for the others.

    Rule applied (issue 10 item 1; 国发〔2014〕8号 五 "年满60周岁 … 可以按月领取城乡居民养老保险待遇" and 六 for
    back payment): from the year a resident turns 60 there is no yearly contribution and no subsidy
    (collection/eligibility.py refuses them); they go to the award work list (到龄待遇领取), and only where
    the county's parameters for the campaign allow it may they back-pay years before their 60th birthday,
    without subsidy. Enrolment is not refused (the back payment needs it), but it says so."""
    age = on.year - resident.birth_date.year
    if age < AWARD_AGE:
        return None
    return _("%(name)s reaches %(age)s in %(year)s: from 60 there is no yearly contribution and no government "
             "subsidy. Put them on the pension award work list for the benefit check; only where "
             "the county's parameters for the year allow it may they back-pay years before their 60th birthday, "
             "without subsidy.") % {"name": resident.name, "age": age, "year": on.year}


@transaction.atomic
def enrollment_create(*, actor, resident: Resident, enrolled_on: datetime.date | None = None) -> Enrollment:
    """Enrol an eligible resident: 16 or older, alive, registered in the county (their village is one of
    its villages, checked at registration), and not already enrolled. A resident who reaches 60 in the
    enrolment year is enrolled with a notice (`enrolment_age_notice`), kept in the log row; the page and the
    API show it."""
    _require_registrar(actor)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    require_area_in_scope(actor, resident.village)
    today = timezone.localdate()
    enrolled_on = enrolled_on or today
    if enrolled_on > today:
        raise ValidationError({"enrolled_on": _("The enrolment date cannot be in the future.")})
    if resident.death_date:
        raise ValidationError({"resident": _("This resident is recorded as deceased and cannot be enrolled.")})
    if age_on(resident.birth_date, enrolled_on) < MIN_ENROL_AGE:
        raise ValidationError({"resident": _("Residents can enrol from the age of 16.")})
    if resident.enrollments.exclude(status=EpisodeStatus.TERMINATED).exists():
        raise Conflict({"resident": _("This resident is already enrolled.")})
    enrollment = Enrollment(
        resident=resident,
        status=EpisodeStatus.ACTIVE,
        enrolled_on=enrolled_on,
        first_month=enrolled_on.replace(day=1),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as exc:
        if violated_constraint(exc) != "one_open_enrollment_per_resident":
            raise
        raise Conflict({"resident": _("This resident is already enrolled.")})
    resident.enrolment_status = ResidentStanding.ACTIVE
    resident.save(update_fields=["enrolment_status"])
    after = snapshot(enrollment)
    notice = enrolment_age_notice(resident=resident, on=enrolled_on)
    if notice:
        after["age_notice"] = notice
    log_operation(actor=actor, action="enrollment.create", obj=enrollment, after=after, area=resident.village)
    return enrollment


# Termination takes two people: enrollment/terminations.py (there is no one-step termination).


# Key data (name, ID number, birth date, first enrolment month) changes only through enrollment/key_data.py.
# Who may see one resident's full ID number on the resident's page, by a logged click (issue 11 item 4).
ID_REVEALERS = REGISTRARS


@transaction.atomic
def resident_id_reveal(*, actor, resident: Resident) -> str:
    """Show one resident's full ID number to a clerk or county officer who may see the resident: one operation
    log row with who and when (the number itself never goes into the log)."""
    require_post(actor, ID_REVEALERS, _("Only township clerks and county business officers may see a full ID "
                                        "number."))
    if not area_in_scope(actor, resident.village):
        raise PermissionDenied
    log_operation(actor=actor, action="resident.reveal_id", obj=resident, after={"shown": "id_number"},
                  area=resident.village)
    return resident.id_number


from .key_data import KEY_DATA_FIELDS, KeyDataApproval, key_data_clean, resident_key_data_change  # noqa: E402

__all__ = ["KEY_DATA_FIELDS", "KeyDataApproval", "key_data_clean", "resident_key_data_change"]
