"""The health endpoint for the bureau's monitoring: database, cache, broker, disk."""

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.django_db
def test_health_endpoint_checks_database_cache_broker_and_disk():
    response = Client().get("/health/?format=json")
    assert response.status_code == 200, response.content
    checks = response.json()
    names = " ".join(checks)
    expected = ["DatabaseBackend", "Cache backend", "DiskUsage", "DefaultFileStorageHealthCheck"]
    if settings.CELERY_BROKER_URL:  # CI and production configure the broker; the demo (make run) has none
        expected.append("RedisHealthCheck")
    for check in expected:
        assert check in names, checks
    assert all(status == "working" for status in checks.values())
