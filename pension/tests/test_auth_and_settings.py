"""Log-in, log-out, lock-out (django-axes), idle session expiry, and production settings."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-for-tests-123"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_reads_in_chinese(client, county):
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_clerk_logs_in_sees_their_post_and_area_and_logs_out(client, clerk_a, township_a):
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "乡镇劳保所经办员" in home and township_a.name in home
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_wrong_password_gets_a_chinese_message(client, clerk_a):
    page = _login(client, "clerk_a", "wrong").content.decode()
    assert "请输入一个正确的" in page or "用户名和密码" in page


def test_five_failures_lock_the_username_from_that_ip_even_with_the_right_password(client, clerk_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "clerk_a", "wrong")
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 429
    assert "15" in response.content.decode() and "锁定" in response.content.decode()
    # Lock-out is by username and IP: the same user from another office PC can still log in.
    assert _login(client, "clerk_a", PASSWORD, ip="10.0.0.2").status_code == 302


def test_four_failures_do_not_lock_and_success_resets_the_count(client, clerk_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "clerk_a", "wrong")
    assert _login(client, "clerk_a", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk_a", failures_since_start__gt=0).exists()


def test_lock_out_lasts_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(hours=settings.AXES_COOLOFF_TIME) == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_token_endpoint_failures_count_towards_the_lock_out(client, clerk_a):
    url = reverse("api-token")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "clerk_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(url, {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "token" not in response.json() and "15分钟" in response.json()["detail"]


def test_sessions_end_after_thirty_idle_minutes_and_each_request_pushes_the_end_forward(client, clerk_a):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    _login(client, "clerk_a", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Pretend the clerk was idle for 25 minutes: the session would end in 5.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + datetime.timedelta(minutes=29)
    # Idle for more than 30 minutes: the session is over and the clerk must log in again.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_request_within_a_minute_of_the_last_push_writes_no_session(client, clerk_a, django_assert_max_num_queries):
    """The idle expiry slides without a session write on every request (issue 13: the entry screen's save): the
    end is pushed forward once at least SESSION_REFRESH_SECONDS passed since the last push."""
    assert not settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_REFRESH_SECONDS == 60
    _login(client, "clerk_a", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = Session.objects.get(session_key=key).expire_date
    with django_assert_max_num_queries(50) as ctx:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in ctx.captured_queries if 'UPDATE "django_session"' in q["sql"]]
    assert Session.objects.get(session_key=key).expire_date == before
    # 61 seconds since the last push: this request pushes the end forward again.
    Session.objects.filter(session_key=key).update(expire_date=before - datetime.timedelta(seconds=61))
    assert client.get(reverse("home")).status_code == 200
    pushed = Session.objects.get(session_key=key).expire_date
    assert pushed > timezone.now() + datetime.timedelta(minutes=29, seconds=50)


def _start(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_DEBUG")}
    env.update(env_overrides)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "pension.settings"}, capture_output=True, text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "missing",
    [{"ALLOWED_HOSTS": "pension.example.org"}, {"SECRET_KEY": "x" * 50}, {}],
    ids=["no SECRET_KEY", "no ALLOWED_HOSTS", "neither"],
)
def test_production_settings_refuse_to_start_without_secret_key_and_allowed_hosts(missing):
    result = _start({"DJANGO_PRODUCTION": "true", **missing})
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_settings_start_with_both_and_debug_off():
    result = _start({"DJANGO_PRODUCTION": "true", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "pension.example.org"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_pages_read_in_chinese_even_for_an_english_browser(client, clerk_a):
    client.force_login(clerk_a)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "乡镇劳保所经办员" in page and "Township clerk" not in page
