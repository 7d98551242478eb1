"""Staff passwords follow Django's validators; API tokens expire and die at logout, password change and
deactivation; production refuses DEBUG."""

import datetime
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pension.services import staff_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901", "wangming2026"])
def test_create_staff_refuses_weak_passwords(county, password):
    with pytest.raises(ValidationError) as exc:
        staff_create(username="wangming2026", password=password, post="auditor", area_code=county.code)
    assert "password" in exc.value.message_dict


def _token(clerk_a) -> str:
    response = Client().post("/api/v1/auth/token/", {"username": "clerk_a", "password": "pw-for-tests-123"},
                             content_type="application/json")
    assert response.status_code == 200, response.content
    assert "expires_at" in response.json()
    return response.json()["token"]


def _get(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/areas/")


def test_token_works_then_expires_after_the_configured_hours(clerk_a, settings):
    key = _token(clerk_a)
    assert _get(key).status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(hours=8, minutes=1))
    response = _get(key)
    assert response.status_code in (401, 403) and "detail" in response.json()
    assert not Token.objects.filter(key=key).exists()


def test_token_dies_at_logout(clerk_a):
    key = _token(clerk_a)
    web = Client()
    web.force_login(clerk_a)
    web.post("/accounts/logout/")
    assert _get(key).status_code in (401, 403)


def test_token_dies_at_password_change_and_deactivation(clerk_a, clerk_b):
    key = _token(clerk_a)
    clerk_a.set_password("another-long-pass-2026")
    clerk_a.save()
    assert _get(key).status_code in (401, 403)
    Token.objects.create(user=clerk_b)
    clerk_b.is_active = False
    clerk_b.save()
    assert not Token.objects.filter(user=clerk_b).exists()


def test_an_ordinary_save_keeps_the_token(clerk_a):
    key = _token(clerk_a)
    clerk_a.display_name = "张敏"
    clerk_a.save()
    assert _get(key).status_code == 200


def test_production_mode_refuses_debug():
    env = {**os.environ, "DJANGO_PRODUCTION": "true", "DJANGO_DEBUG": "true", "SECRET_KEY": "x" * 60,
           "ALLOWED_HOSTS": "pension.example.org"}
    result = subprocess.run([sys.executable, "-c", "import django; from django.conf import settings; "
                             "import pension.settings"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DJANGO_DEBUG" in result.stderr
