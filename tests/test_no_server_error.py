"""No input answers 500: a corpus of hostile values goes to every form field and query parameter of every page and
API operation, as every kind of user, and none may produce a server error.

The endpoints are discovered (URLconf, crawled pages' forms, the OpenAPI schema), so an app that lands later is
covered by this test without editing it. Each request runs in a savepoint that is rolled back, so one request's
writes do not change what the next one sees and a failed statement does not poison the rest.
"""

import os

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

from pension.models import User

from . import hostile

PERSONAS = ["clerk_a", "officer", "finance"]


@pytest.fixture
def county_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.AXES_ENABLED = False
    call_command("seed_demo", residents=40, stdout=open("/dev/null", "w"))


class Probe:
    def __init__(self, client, who):
        self.client = client
        self.who = who
        self.failures: list[str] = []
        self.count = 0

    def send(self, method: str, url: str, *, data=None, body=None, label=""):
        self.count += 1
        if os.environ.get("HOSTILE_TRACE"):
            print(self.count, method, url[:80], label[:30], flush=True)
        sid = transaction.savepoint()
        try:
            if body is not None:
                response = getattr(self.client, method)(url, data=body, content_type="application/json")
            elif method == "get":
                response = self.client.get(url, data or {})
            else:
                response = getattr(self.client, method)(url, data or {})
        finally:
            transaction.savepoint_rollback(sid)
            connection.needs_rollback = False
        if response.status_code >= 500:
            self.failures.append(f"{self.who} {method.upper()} {url[:90]!r} {label[:60]!r} -> {response.status_code}")
        elif url.startswith("/api/") and response.status_code >= 400 and response.get("Content-Type", "").startswith(
            "application/json"
        ):
            payload = response.json()
            if not isinstance(payload, dict) or "detail" not in payload:
                self.failures.append(f"{self.who} {method.upper()} {url[:90]!r}: error not in the JSON envelope")
        return response


def _pages_and_forms(probe: Probe):
    pages = hostile.crawl(probe.client)
    forms = []
    for url, response in pages.items():
        if response.status_code >= 500:
            probe.failures.append(f"{probe.who} GET {url!r} -> {response.status_code} (crawl)")
        if response.get("Content-Type", "").startswith("text/html"):
            _links, page_forms = hostile.parse(url, response.content.decode("utf-8", "replace"))
            forms.extend(f for f in page_forms if f.action.split("?")[0] != "/accounts/logout/")
    return pages, forms


def _fuzz_forms(probe: Probe, forms):
    done = set()
    for form in forms:
        try:
            name = resolve(form.action.split("?")[0]).url_name
        except Resolver404:
            continue
        key = (name, form.method, tuple(sorted(form.fields)))
        if key in done:
            continue
        done.add(key)
        names = list(form.fields)
        method = "post" if form.method == "post" else "get"
        for value in hostile.HOSTILE:
            probe.send(method, form.action, data=dict.fromkeys(names, value), label=f"all fields={value[:20]}")
        for name in names:
            if name == "csrfmiddlewaretoken":
                continue
            for value in hostile.HOSTILE_PER_FIELD:
                probe.send(method, form.action, data={**form.fields, name: value}, label=f"{name}={value[:20]}")


def _fuzz_queries(probe: Probe, pages, forms):
    params_by_page: dict[str, set] = {}
    for form in forms:
        if form.method == "get":
            params_by_page.setdefault(form.action.split("?")[0], set()).update(form.fields)
    done = set()
    for url in pages:
        path = url.split("?")[0]
        if resolve(path).url_name in done:
            continue
        done.add(resolve(path).url_name)
        names = params_by_page.get(path, set()) | set(hostile.COMMON_QUERY)
        for value in hostile.HOSTILE_QUERY:
            probe.send("get", path, data=dict.fromkeys(names, value), label=f"query={value[:20]}")


def _fuzz_patterns(probe: Probe):
    for regex, _name in hostile.walk():
        for value in ("0", "99999999999999999999999", "abc"):
            path = hostile.fill(regex, value)
            if path and path != "/accounts/logout/":
                probe.send("get", path, label="path")
                probe.send("post", path, label="path")


@pytest.mark.postgres
@pytest.mark.parametrize("who", PERSONAS + ["anonymous"])
def test_no_page_answers_500_to_hostile_input(county_demo, who):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(User.objects.get(username=who))
    probe = Probe(client, who)
    pages, forms = _pages_and_forms(probe)
    _fuzz_forms(probe, forms)
    _fuzz_queries(probe, pages, forms)
    _fuzz_patterns(probe)
    assert probe.count > 50
    assert not probe.failures, f"{len(probe.failures)} of {probe.count} requests failed:\n" + "\n".join(
        sorted(set(probe.failures))[:60]
    )


def _api_path(path: str, ids: dict) -> list[str]:
    if "{" not in path:
        return [path]
    real = path
    for name in ("id", "pk", "resident_id"):
        real = real.replace("{" + name + "}", str(ids.get(path, 1)))
    return [real, hostile.fill(path.replace("{", "(?P<").replace("}", ">x)"), "99999999999999999999999")]


@pytest.mark.postgres
@pytest.mark.parametrize("who", ["clerk_a", "officer", "anonymous"])
def test_no_api_operation_answers_500_to_hostile_input(county_demo, who):
    client = APIClient(raise_request_exception=False)
    if who != "anonymous":
        client.force_authenticate(User.objects.get(username=who))
    probe = Probe(client, who)
    operations = list(hostile.api_operations(None))
    # A real id for detail paths: the first row of the matching list.
    ids = {}
    for method, path, _query, _body in operations:
        if method == "get" and "{" not in path:
            response = client.get(path)
            if response.status_code == 200:
                data = response.json()
                rows = data.get("results", data) if isinstance(data, dict) else data
                if isinstance(rows, list) and rows and isinstance(rows[0], dict) and "id" in rows[0]:
                    for other in {p for _m, p, _q, _b in operations}:
                        if other.startswith(path) and other != path:
                            ids.setdefault(other, rows[0]["id"])
    for method, path, query, body in operations:
        for url in filter(None, _api_path(path, ids)):
            names = set(query) | {"page", "page_size", "ordering"}
            if method == "get":
                for value in hostile.HOSTILE_QUERY:
                    probe.send("get", url + hostile.query(dict.fromkeys(names, value)), label=f"query={value[:20]}")
            if method in ("post", "put", "patch"):
                for value in hostile.HOSTILE:
                    probe.send(method, url, body=hostile.json_body(body, value), label=f"body={value[:20]}")
                probe.send(method, url, body="{\"a\": ", label="truncated JSON")
                probe.send(method, url, body="[1, 2]", label="a list, not an object")
                probe.send(method, url, body="\x00", label="NUL body")
    assert probe.count > 50
    assert not probe.failures, f"{len(probe.failures)} of {probe.count} requests failed:\n" + "\n".join(
        sorted(set(probe.failures))[:60]
    )
