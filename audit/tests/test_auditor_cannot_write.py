"""Auditors read business data and change none: every write endpoint of every app (pages and API) refuses them,
and nothing is written. The audit app's own endpoints are the only writes open to them."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from pension.models import OperationLog

pytestmark = pytest.mark.django_db
OWN = ("audit/", "api/v1/audit/", "api/v1/modification-requests/")
SKIP = ("accounts/login/", "accounts/logout/", "api/v1/auth/token/", "api/schema", "api/docs", "admin/",
        "residents/id-number-check/", "api/v1/residents/lookup/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _path(route: str) -> str:
    route = re.sub(r"\(\?P<[a-z_]+>[^)]*\)", "1", route)
    route = re.sub(r"<(int:|slug:|str:)?[a-z_]+>", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route.replace("/?", "/")


def routes():
    seen = set()
    for route, _pattern in _walk(get_resolver().url_patterns):
        path = _path(route)
        if "format" in route or path in seen or any(path.startswith("/" + s) for s in OWN + SKIP):
            continue
        seen.add(path)
        yield path


def _counts():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in BUSINESS_APPS and not m._meta.proxy}


BUSINESS_APPS = {"pension", "enrollment", "collection", "funds", "benefits", "certification", "progress"}


def test_every_write_endpoint_of_every_app_refuses_auditors(auditor, api, web, make_resident, village_a):
    make_resident(village_a, enrolled=True)
    client, rest = web(auditor), api(auditor)
    before, log = _counts(), OperationLog.objects.count()
    accepted = []
    for path in routes():
        for method in ("post", "put", "patch", "delete"):
            if path.startswith("/api/"):
                response = getattr(rest, method)(path, {}, format="json")
                if response.status_code not in (403, 405):
                    accepted.append((method.upper(), path, response.status_code))
            else:  # a page: a write refused (403/405) or a read answered again; nothing may be written
                getattr(client, method)(path, {})
    assert accepted == []
    assert OperationLog.objects.count() == log
    assert _counts() == before


def test_the_walk_covers_every_app():
    paths = list(routes())
    for prefix in ("/residents/", "/collection/", "/funds/", "/progress/", "/benefits/", "/certification/",
                   "/api/v1/residents/", "/api/v1/deposits/"):
        assert any(p.startswith(prefix) for p in paths), prefix
