"""Residents and enrolment services: registration, duplicates, locked key data, eligibility, termination,
and the operation-log row that every write leaves in its own transaction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from enrollment import selectors, services
from enrollment.models import Enrollment, EpisodeStatus, Resident, ResidentStanding
from pension import idnumber
from pension.errors import Conflict
from pension.models import OperationLog
from pension.oplog import fingerprint


def _register(actor, village, number, **kw):
    name = kw.pop("name", "李秀英")
    return services.resident_register(actor=actor, name=name, id_number=number, village=village, **kw)


def test_clerk_registers_a_resident_with_birth_date_and_gender_from_the_id(clerk_a, village_a, id_numbers):
    number = id_numbers(datetime.date(1965, 2, 3), male=False)
    natural = village_a.children.first()
    resident = _register(clerk_a, village_a, number, natural_village=natural, phone="13912345678",
                         bank_account="6230 1234 5678 9012")
    assert (resident.birth_date, resident.gender) == (datetime.date(1965, 2, 3), "F")
    assert resident.township_id == village_a.township_id and resident.natural_village == natural
    assert resident.bank_account == "6230123456789012"
    assert resident.enrolment_status == ResidentStanding.NOT_ENROLLED
    entry = OperationLog.objects.get(action="resident.register", object_id=str(resident.pk))
    assert entry.actor == clerk_a and entry.area == village_a
    # The log keeps a fingerprint, neither the number nor its mask (which with the birth date rebuilds it).
    assert entry.after["id_number"] == fingerprint(number)
    assert number not in str(entry.after) and idnumber.mask(number) not in str(entry.after)


def test_registration_normalises_a_full_width_id_with_spaces_and_lower_case_x(clerk_a, village_a):
    number = "11010519491231002X"
    raw = "１１０１０５ １９４９１２３１ ００２x"
    assert _register(clerk_a, village_a, raw).id_number == number


def test_a_bad_id_number_is_refused_naming_the_field_and_nothing_is_written(clerk_a, village_a, id_numbers):
    number = id_numbers()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        _register(clerk_a, village_a, wrong)
    assert "id_number" in excinfo.value.message_dict
    assert not Resident.objects.exists() and not OperationLog.objects.filter(action="resident.register").exists()


def test_bad_phone_bank_account_and_name_are_refused_together(clerk_a, village_a, id_numbers):
    with pytest.raises(ValidationError) as excinfo:
        _register(clerk_a, village_a, id_numbers(), name="  ", phone="12345", bank_account="12ab")
    assert {"name", "phone", "bank_account"} <= set(excinfo.value.message_dict)


def test_a_natural_village_of_another_village_is_refused(clerk_a, village_a, village_a2, id_numbers):
    with pytest.raises(ValidationError) as excinfo:
        _register(clerk_a, village_a, id_numbers(), natural_village=village_a2.children.first())
    assert "natural_village" in excinfo.value.message_dict


def test_clerk_cannot_register_into_another_township(clerk_a, village_b, id_numbers):
    with pytest.raises(Http404):  # another township's village is absent, as to every selector
        _register(clerk_a, village_b, id_numbers())
    assert not Resident.objects.exists()


@pytest.mark.parametrize("persona", ["assistant_a", "finance", "auditor", "leader", "admin_user"])
def test_only_clerks_and_county_officers_register(persona, request, village_a, id_numbers):
    with pytest.raises(PermissionDenied):
        _register(request.getfixturevalue(persona), village_a, id_numbers())


def test_county_officer_registers_anywhere_in_the_county(officer, village_b, id_numbers):
    assert _register(officer, village_b, id_numbers()).township_id == village_b.township_id


def test_a_duplicate_in_your_own_township_is_a_conflict(clerk_a, village_a, id_numbers):
    number = id_numbers()
    _register(clerk_a, village_a, number)
    with pytest.raises(Conflict) as excinfo:
        _register(clerk_a, village_a, number.lower(), name="别的名字")
    assert "已" in str(excinfo.value.message_dict["id_number"]) or "already" in str(excinfo.value.message_dict)
    assert Resident.objects.count() == 1


def test_a_duplicate_in_another_township_names_only_that_township(clerk_a, clerk_b, village_a, village_b,
                                                                  id_numbers):
    number = id_numbers()
    first = _register(clerk_b, village_b, number, name="赵大山", phone="13800001111", hukou_address="某村18号")
    with pytest.raises(Conflict) as excinfo:
        _register(clerk_a, village_a, number)
    message = " ".join(excinfo.value.message_dict["id_number"])
    assert village_b.township.name in message
    for secret in (first.name, first.phone, first.hukou_address, village_b.name, number):
        assert secret not in message


def test_key_fields_are_locked_after_registration(clerk_a, village_a, id_numbers):
    resident = _register(clerk_a, village_a, id_numbers())
    for field, value in (("name", "改名"), ("id_number", id_numbers()), ("birth_date", datetime.date(1980, 1, 1))):
        with pytest.raises(ValidationError) as excinfo:
            services.resident_update(actor=clerk_a, resident=resident, **{field: value})
        assert field in excinfo.value.message_dict
    resident.refresh_from_db()
    assert resident.name == "李秀英"


def test_ordinary_edits_are_saved_and_logged_with_before_after_and_reason(clerk_a, village_a, village_a2, id_numbers):
    resident = _register(clerk_a, village_a, id_numbers(), phone="13912345678")
    natural = village_a2.children.first()
    services.resident_update(actor=clerk_a, resident=resident, phone="0355-1234567", village=village_a2,
                             natural_village=natural, reason="moved")
    resident.refresh_from_db()
    assert (resident.phone, resident.village, resident.natural_village) == ("0355-1234567", village_a2, natural)
    entry = OperationLog.objects.get(action="resident.update")
    assert entry.before["phone"] == "13912345678" and entry.after["phone"] == "0355-1234567"
    assert entry.reason == "moved"


def test_moving_to_another_village_clears_a_natural_village_that_no_longer_fits(clerk_a, village_a, village_a2,
                                                                               id_numbers):
    resident = _register(clerk_a, village_a, id_numbers(), natural_village=village_a.children.first())
    services.resident_update(actor=clerk_a, resident=resident, village=village_a2)
    resident.refresh_from_db()
    assert resident.village == village_a2 and resident.natural_village is None


def test_an_edit_that_changes_nothing_leaves_no_log_row(clerk_a, village_a, id_numbers):
    resident = _register(clerk_a, village_a, id_numbers(), phone="13912345678")
    services.resident_update(actor=clerk_a, resident=resident, phone="13912345678")
    assert not OperationLog.objects.filter(action="resident.update").exists()


def test_eligible_resident_is_enrolled_with_first_month_and_a_log_row(clerk_a, village_a, id_numbers):
    resident = _register(clerk_a, village_a, id_numbers(datetime.date(1980, 6, 1)))
    enrollment = services.enrollment_create(actor=clerk_a, resident=resident, enrolled_on=datetime.date(2026, 3, 15))
    assert enrollment.first_month == datetime.date(2026, 3, 1) and enrollment.status == EpisodeStatus.ACTIVE
    resident.refresh_from_db()
    assert resident.enrolment_status == ResidentStanding.ACTIVE
    assert OperationLog.objects.filter(action="enrollment.create", object_id=str(enrollment.pk)).exists()


def test_a_resident_under_sixteen_cannot_enrol(clerk_a, village_a, id_numbers):
    today = timezone.localdate()
    birth = today.replace(year=today.year - 16) + datetime.timedelta(days=1)
    resident = _register(clerk_a, village_a, id_numbers(birth))
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(actor=clerk_a, resident=resident)
    assert "resident" in excinfo.value.message_dict
    assert not Enrollment.objects.exists()


def test_a_resident_turning_sixteen_today_can_enrol(clerk_a, village_a, id_numbers):
    today = timezone.localdate()
    if (today.month, today.day) == (2, 29):
        pytest.skip("no 16th birthday on 29 February")
    resident = _register(clerk_a, village_a, id_numbers(today.replace(year=today.year - 16)))
    assert services.enrollment_create(actor=clerk_a, resident=resident).enrolled_on == today


def test_an_enrolled_resident_cannot_enrol_again(clerk_a, village_a, make_resident):
    resident = make_resident(village_a, enrolled=True)
    with pytest.raises(Conflict):
        services.enrollment_create(actor=clerk_a, resident=resident)
    assert Enrollment.objects.count() == 1


def test_enrolment_date_in_the_future_is_refused(clerk_a, village_a, make_resident):
    resident = make_resident(village_a)
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(actor=clerk_a, resident=resident,
                                   enrolled_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "enrolled_on" in excinfo.value.message_dict


def test_a_dead_resident_cannot_enrol_again(clerk_a, officer, village_a, make_resident):
    from enrollment import terminations
    from enrollment.tests.terminating import death_certificate

    resident = make_resident(village_a, enrolled=True)
    req = terminations.termination_request(actor=clerk_a, enrollment=resident.enrollments.get(), reason="death",
                                           terminated_on=datetime.date(2026, 10, 2), evidence="death certificate 123",
                                           evidence_file=death_certificate())
    terminations.termination_confirm(actor=officer, request=req)
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(actor=clerk_a, resident=resident)
    assert "resident" in excinfo.value.message_dict


def test_clerk_of_township_b_cannot_enrol_in_township_a(clerk_b, village_a, make_resident):
    with pytest.raises(Http404):
        services.enrollment_create(actor=clerk_b, resident=make_resident(village_a, name="钱多多"))


def test_every_write_service_leaves_exactly_one_log_row(clerk_a, village_a, village_a2, id_numbers):
    resident = _register(clerk_a, village_a, id_numbers())
    services.resident_update(actor=clerk_a, resident=resident, village=village_a2)
    enrollment = services.enrollment_create(actor=clerk_a, resident=resident)
    from enrollment import terminations

    terminations.termination_request(actor=clerk_a, enrollment=enrollment, reason="employee_scheme",
                                     terminated_on=timezone.localdate(), evidence="职工养老保险参保证明")
    actions = list(OperationLog.objects.filter(actor=clerk_a).order_by("id").values_list("action", flat=True))
    assert actions == ["resident.register", "resident.update", "enrollment.create", "termination.request"]


def test_lookup_by_id_number_finds_only_residents_in_scope(clerk_a, clerk_b, village_a, make_resident):
    resident = make_resident(village_a)
    assert selectors.resident_find_by_id_number(user=clerk_a, id_number=resident.id_number.lower()) == resident
    assert selectors.resident_find_by_id_number(user=clerk_b, id_number=resident.id_number) is None


def test_clerk_registers_a_15_digit_number_and_the_18_digit_one_is_stored_and_matched(clerk_a, village_a):
    from enrollment.selectors import resident_find_by_id_number
    from pension import idnumber as ids

    r = services.resident_register(actor=clerk_a, name="老证件", id_number="140431570517123", village=village_a)
    full = "14043119570517123" + ids.check_char("14043119570517123")
    r.refresh_from_db()
    assert r.id_number == full and r.birth_date == datetime.date(1957, 5, 17)
    assert resident_find_by_id_number(user=clerk_a, id_number="140431570517123") == r
    with pytest.raises(Conflict):
        services.resident_register(actor=clerk_a, name="老证件", id_number=full, village=village_a)
