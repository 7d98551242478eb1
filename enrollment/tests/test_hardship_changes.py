"""A hardship (代缴) category changes only when a second person confirms it (issue 10 item 6).

Personas: 王 the clerk of township A asks (reason and evidence); 刘 (officer) cannot confirm her own request;
陈 (officer2) confirms. Until then the resident pays as before: a contribution entered meanwhile is priced with
the category on record."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from enrollment import hardship_changes, services
from enrollment.models import HardshipChange, HardshipChangeStatus, HardshipSource
from pension.errors import Conflict
from pension.models import OperationLog

EVIDENCE = "低保证 No.140431-2026-0815"


@pytest.fixture
def resident(village_a, make_resident):
    return make_resident(village_a, name="孙七", enrolled=True)


def _ask(actor, resident, **kw):
    args = {"to_category": "dibao", "reason": "新纳入低保", "evidence": EVIDENCE} | kw
    return hardship_changes.hardship_change_request(actor=actor, resident=resident, **args)


# --- the two people -----------------------------------------------------------------------------------------------

def test_a_clerks_request_changes_nothing_until_a_county_officer_confirms(clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    resident.refresh_from_db()
    assert resident.hardship == "none"
    assert (change.status, change.from_category, change.to_category) == ("requested", "none", "dibao")
    assert change.source == HardshipSource.CLERK and change.requested_by == clerk_a
    hardship_changes.hardship_change_confirm(actor=officer, change=change)
    resident.refresh_from_db()
    change.refresh_from_db()
    assert resident.hardship == "dibao"
    assert (change.status, change.decided_by) == (HardshipChangeStatus.CONFIRMED, officer)
    assert change.decided_at is not None


def test_an_officer_cannot_confirm_her_own_request_and_a_second_officer_can(officer, officer2, resident):
    change = _ask(officer, resident)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        hardship_changes.hardship_change_confirm(actor=officer, change=change)
    assert "另一名县级经办人员" in " ".join(caught.value.messages)
    resident.refresh_from_db()
    assert resident.hardship == "none"
    hardship_changes.hardship_change_confirm(actor=officer2, change=change)
    resident.refresh_from_db()
    assert resident.hardship == "dibao"


def test_the_database_refuses_a_decider_who_is_the_requester(officer, resident):
    change = _ask(officer, resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipChange.objects.filter(pk=change.pk).update(status="confirmed", decided_by=officer)


def test_the_database_allows_one_open_request_per_resident(clerk_a, officer, resident):
    _ask(clerk_a, resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipChange.objects.create(resident=resident, from_category="none", to_category="tekun", reason="r",
                                      evidence="e", requested_by=officer)


def test_a_clerk_cannot_confirm_or_reject(clerk_a, officer, resident):
    change = _ask(officer, resident)
    with pytest.raises(PermissionDenied):
        hardship_changes.hardship_change_confirm(actor=clerk_a, change=change)
    with pytest.raises(PermissionDenied):
        hardship_changes.hardship_change_reject(actor=clerk_a, change=change, note="不符合")


def test_reject_needs_a_note_and_leaves_the_category(clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    with pytest.raises(ValidationError) as caught:
        hardship_changes.hardship_change_reject(actor=officer, change=change, note="  ")
    assert "decision_note" in caught.value.message_dict
    hardship_changes.hardship_change_reject(actor=officer, change=change, note="低保证已过期")
    change.refresh_from_db()
    resident.refresh_from_db()
    assert change.status == "rejected" and change.decision_note == "低保证已过期" and resident.hardship == "none"
    with pytest.raises(Conflict):
        hardship_changes.hardship_change_confirm(actor=officer, change=change)


def test_only_the_requester_withdraws_and_only_while_it_waits(clerk_a, officer, officer2, resident):
    change = _ask(clerk_a, resident)
    with pytest.raises(PermissionDenied):
        hardship_changes.hardship_change_withdraw(actor=officer, change=change)
    hardship_changes.hardship_change_withdraw(actor=clerk_a, change=change)
    change.refresh_from_db()
    assert change.status == "withdrawn" and change.withdrawn_at is not None
    with pytest.raises(Conflict):
        hardship_changes.hardship_change_confirm(actor=officer, change=change)
    again = _ask(clerk_a, resident, to_category="tekun")
    hardship_changes.hardship_change_confirm(actor=officer2, change=again)
    with pytest.raises(Conflict):
        hardship_changes.hardship_change_withdraw(actor=clerk_a, change=again)


# --- what a request needs -----------------------------------------------------------------------------------------

def test_a_request_needs_a_reason_and_evidence(clerk_a, resident):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _ask(clerk_a, resident, reason=" ", evidence="")
    assert {"reason", "evidence"} <= set(caught.value.message_dict)
    assert not HardshipChange.objects.exists()


def test_asking_for_the_category_on_record_is_refused(clerk_a, village_a, make_resident):
    poor = make_resident(village_a, name="周八", hardship="dibao")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        _ask(clerk_a, poor, to_category="dibao")
    assert "to_category" in caught.value.message_dict
    with pytest.raises(ValidationError):
        _ask(clerk_a, poor, to_category="rich")


def test_a_second_request_while_one_waits_is_a_conflict(clerk_a, resident):
    _ask(clerk_a, resident)
    with pytest.raises(Conflict):
        _ask(clerk_a, resident, to_category="tekun")


def test_a_category_changed_since_the_request_is_not_confirmed_blindly(clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    type(resident).objects.filter(pk=resident.pk).update(hardship="tekun")
    with pytest.raises(Conflict):
        hardship_changes.hardship_change_confirm(actor=officer, change=change)


# --- scope --------------------------------------------------------------------------------------------------------

def test_a_clerk_of_township_b_cannot_ask_for_a_resident_of_township_a(clerk_b, resident):
    with pytest.raises(PermissionDenied):
        _ask(clerk_b, resident)


def test_a_village_assistant_cannot_ask(assistant_a, resident):
    with pytest.raises(PermissionDenied):
        _ask(assistant_a, resident)


# --- the log ------------------------------------------------------------------------------------------------------

def test_each_step_writes_its_log_row_and_confirm_logs_the_category_before_and_after(clerk_a, officer, resident):
    change = _ask(clerk_a, resident)
    hardship_changes.hardship_change_confirm(actor=officer, change=change)
    actions = list(OperationLog.objects.filter(actor__isnull=False).order_by("id")
                   .values_list("action", "actor__username"))
    assert actions == [("hardship_change.request", "clerk_a"), ("hardship_change.confirm", "officer"),
                       ("resident.hardship", "officer")]
    entry = OperationLog.objects.get(action="resident.hardship")
    assert (entry.before, entry.after) == ({"hardship": "none"}, {"hardship": "dibao"})
    assert EVIDENCE in entry.reason


# --- the one-person edit no longer changes it ----------------------------------------------------------------------

def test_the_ordinary_edit_refuses_the_hardship_category(clerk_a, resident):
    with pytest.raises(ValidationError) as caught:
        services.resident_update(actor=clerk_a, resident=resident, hardship="dibao")
    assert "hardship" in caught.value.message_dict
    resident.refresh_from_db()
    assert resident.hardship == "none"


def test_registration_with_a_category_records_none_and_asks_for_the_change(clerk_a, officer, village_a, id_numbers):
    resident = services.resident_register(actor=clerk_a, name="吴九", id_number=id_numbers(), village=village_a,
                                          hardship="tekun", hardship_reason="特困供养人员",
                                          hardship_evidence="特困供养证 2026-3")
    assert resident.hardship == "none"
    change = HardshipChange.objects.get(resident=resident)
    assert (change.source, change.to_category, change.requested_by) == ("registration", "tekun", clerk_a)
    hardship_changes.hardship_change_confirm(actor=officer, change=change)
    resident.refresh_from_db()
    assert resident.hardship == "tekun"


def test_registration_with_a_category_but_no_evidence_is_refused_whole(clerk_a, village_a, id_numbers):
    from enrollment.models import Resident

    with pytest.raises(ValidationError) as caught:
        services.resident_register(actor=clerk_a, name="吴九", id_number=id_numbers(), village=village_a,
                                   hardship="tekun")
    assert "hardship_evidence" in caught.value.message_dict
    assert not Resident.objects.exists()


# --- the money: until confirmed the resident pays as before -------------------------------------------------------

def _enter(actor, resident):
    from collection import services as collection_services

    return collection_services.contribution_enter(actor=actor, resident=resident, year=2026, grade="300",
                                                  channel="bank", paid_on=datetime.date(2026, 3, 2))


def test_a_contribution_entered_before_confirmation_is_priced_with_the_old_category(clerk_a, officer, resident,
                                                                                     village_a, make_resident):
    from collection.parameters import seed_parameters

    seed_parameters()
    _ask(clerk_a, resident)
    before = _enter(clerk_a, resident)
    assert (before.personal_amount, before.hardship_amount) == (Decimal("300.00"), Decimal("0.00"))

    other = make_resident(village_a, name="郑十", enrolled=True)
    hardship_changes.hardship_change_confirm(actor=officer, change=_ask(clerk_a, other))
    after = _enter(clerk_a, other)
    # 2026: dibao's share is the whole lowest grade (200), the resident pays the rest of the 300 grade.
    assert (after.personal_amount, after.hardship_amount) == (Decimal("100.00"), Decimal("200.00"))
