"""Issue 11 item 4: a clerk may reveal one resident's full ID number on the resident's page, by a click (POST),
logged with who and when; never in a URL or in the log; out of scope is 404; the answer is not cached."""

import pytest

from pension.models import OperationLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(make_resident, village_a):
    return make_resident(village_a, name="王建国", enrolled=True)


def test_clerk_reveals_the_full_id_number_by_a_click_and_it_is_logged(web, clerk_a, resident):
    r = web(clerk_a).post(f"/residents/{resident.pk}/reveal-id/")
    assert r.status_code == 200
    assert resident.id_number in r.content.decode()
    assert "no-store" in r["Cache-Control"]
    log = OperationLog.objects.get(action="resident.reveal_id")
    assert log.actor == clerk_a and log.object_id == str(resident.pk) and log.at
    assert resident.id_number not in str(log.before) + str(log.after) + log.reason


def test_reveal_is_post_only(web, clerk_a, resident):
    assert web(clerk_a).get(f"/residents/{resident.pk}/reveal-id/").status_code == 405
    assert not OperationLog.objects.filter(action="resident.reveal_id").exists()


def test_clerk_of_township_b_gets_404_revealing_a_township_a_resident(web, clerk_b, resident):
    assert web(clerk_b).post(f"/residents/{resident.pk}/reveal-id/").status_code == 404
    assert not OperationLog.objects.filter(action="resident.reveal_id").exists()


def test_auditor_and_administrator_cannot_reveal(web, auditor, admin_user, resident):
    for user in (auditor, admin_user):
        assert web(user).post(f"/residents/{resident.pk}/reveal-id/").status_code == 403


def test_the_resident_page_offers_the_reveal_button_to_a_clerk(web, clerk_a, resident):
    text = web(clerk_a).get(f"/residents/{resident.pk}/").content.decode()
    assert f'/residents/{resident.pk}/reveal-id/' in text and resident.id_number not in text
