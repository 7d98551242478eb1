"""Issue 11 item 8: the administrator manages accounts in the application: creates staff for a post and area,
deactivates staff, resets a password (the user must change it at the next log-in, enforced on every page), unlocks
a locked-out account, sees the log-in history; the lock-out page says who can help; the administrator still sees
no personal data. Every change writes an operation log row."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from pension.models import OperationLog, Post, User

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Qinhe-2026-clerk"


def test_administrator_creates_a_clerk_for_a_township(web, admin_user, township_a):
    r = web(admin_user).post("/staff/new/", {"username": "clerk_new", "display_name": "李会计",
                                             "post": Post.TOWNSHIP_CLERK, "area": township_a.code,
                                             "password": NEW_PASSWORD})
    assert r.status_code == 302, r.content.decode()[:2000]
    user = User.objects.get(username="clerk_new")
    assert user.post == Post.TOWNSHIP_CLERK and user.area == township_a and user.must_change_password
    log = OperationLog.objects.get(action="staff.create", object_id=str(user.pk))
    assert log.actor == admin_user and NEW_PASSWORD not in str(log.after)


def test_a_post_at_the_wrong_level_is_refused_in_chinese(web, admin_user, county):
    r = web(admin_user).post("/staff/new/", {"username": "x1", "display_name": "x", "post": Post.TOWNSHIP_CLERK,
                                             "area": county.code, "password": NEW_PASSWORD})
    assert r.status_code == 200 and "乡镇" in r.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_only_the_administrator_manages_staff(web, officer, clerk_a):
    for user in (officer, clerk_a):
        assert web(user).get("/staff/").status_code == 403
        assert web(user).post(f"/staff/{clerk_a.pk}/deactivate/").status_code == 403


def test_administrator_deactivates_staff_and_it_is_logged(web, admin_user, clerk_a):
    r = web(admin_user).post(f"/staff/{clerk_a.pk}/deactivate/")
    assert r.status_code == 302
    clerk_a.refresh_from_db()
    assert not clerk_a.is_active
    assert OperationLog.objects.filter(action="staff.deactivate", object_id=str(clerk_a.pk),
                                       actor=admin_user).exists()


def test_the_administrator_cannot_deactivate_themselves(web, admin_user):
    web(admin_user).post(f"/staff/{admin_user.pk}/deactivate/")
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_a_reset_password_must_be_changed_at_the_next_log_in(client, web, admin_user, clerk_a):
    web(admin_user).post(f"/staff/{clerk_a.pk}/password/", {"password": NEW_PASSWORD})
    clerk_a.refresh_from_db()
    assert clerk_a.must_change_password and clerk_a.check_password(NEW_PASSWORD)
    assert OperationLog.objects.filter(action="staff.password_reset", object_id=str(clerk_a.pk)).exists()
    client.logout()
    client.force_login(clerk_a)
    r = client.get("/collection/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/password/")
    r = client.post("/accounts/password/", {"old_password": NEW_PASSWORD, "new_password1": "Another-2026-pass",
                                            "new_password2": "Another-2026-pass"})
    assert r.status_code == 302
    clerk_a.refresh_from_db()
    assert not clerk_a.must_change_password
    assert client.get("/collection/").status_code == 200


@override_settings(AXES_ENABLED=True)
def test_administrator_unlocks_a_locked_out_account(web, admin_user, clerk_a):
    AccessAttempt.objects.create(username="clerk_a", ip_address="10.0.0.1", user_agent="x", failures_since_start=9,
                                 get_data="", post_data="", http_accept="", path_info="/accounts/login/")
    page = web(admin_user).get("/staff/").content.decode()
    assert "clerk_a" in page and f"/staff/{clerk_a.pk}/unlock/" in page
    web(admin_user).post(f"/staff/{clerk_a.pk}/unlock/")
    assert not AccessAttempt.objects.filter(username="clerk_a").exists()
    assert OperationLog.objects.filter(action="staff.unlock", object_id=str(clerk_a.pk)).exists()


def test_administrator_sees_the_log_in_history(web, admin_user):
    r = web(admin_user).get("/staff/logins/")
    assert r.status_code == 200 and 'id="logins"' in r.content.decode()


def test_the_lock_out_page_names_who_can_help(rf, admin_user):
    from django.contrib.auth.models import AnonymousUser

    from pension.views import lockout_response

    request = rf.get("/accounts/login/")
    request.user = AnonymousUser()
    text = lockout_response(request).content.decode()
    assert "admin" in text and "管理员" in text


def test_the_staff_pages_show_no_personal_data(web, admin_user, make_resident, village_a):
    resident = make_resident(village_a, name="王秘密", enrolled=True)
    text = web(admin_user).get("/staff/").content.decode()
    assert "王秘密" not in text and resident.id_number not in text
    assert web(admin_user).get(f"/residents/{resident.pk}/").status_code == 403


def test_a_bad_staff_id_is_404_not_500(web, admin_user):
    assert web(admin_user).post("/staff/999999/deactivate/").status_code == 404
