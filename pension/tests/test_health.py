"""The health endpoint for the bureau's monitoring: database, cache, broker, disk."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_endpoint_checks_database_cache_broker_and_disk():
    response = Client().get("/health/?format=json")
    assert response.status_code == 200, response.content
    checks = response.json()
    names = " ".join(checks)
    for check in ("DatabaseBackend", "Cache backend", "DiskUsage", "DefaultFileStorageHealthCheck",
                  "RedisHealthCheck"):  # CI and production configure the broker
        assert check in names, checks
    assert all(status == "working" for status in checks.values())
