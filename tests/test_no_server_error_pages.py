"""No input answers 500: hostile values go to every page, form field, query parameter and API operation, and
every refusal is a 4xx with a Chinese message.

The endpoints are discovered, never listed: the URLconf (every pattern, web and API, tried by GET and POST with
impossible ids), the pages each persona reaches by following links from the home page (real ids in their scope,
the forms and their fields read from the HTML), and the OpenAPI schema (operations, query parameters, body
fields). An app that lands later is covered without editing this file.

Each endpoint is attacked once, as the first persona who can reach it (so a county page is tried by the county
officer, an audit page by the auditor), which keeps the sweep near half a minute. Each request runs in a savepoint
that is rolled back, so one request's writes never change what the next one sees.
"""

import json
import logging
import os
import re
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

from pension.models import User

from . import hostile

# The order decides who attacks an endpoint that several can reach: township side first, then the county.
PERSONAS = ["clerk_a", "officer", "finance", "auditor", "leader", "admin", "assistant"]
CJK = re.compile("[\u4e00-\u9fff]")
# Field names guessed for a POST endpoint whose form no crawled page shows (a button posting nothing, a page
# out of the personas' reach): the names the apps' forms and services use.
GUESSED_FIELDS = ["reason", "note", "amount", "year", "month", "date", "paid_on", "grade", "name", "number",
                  "first_number", "last_number", "receipt_number", "township", "village", "resident", "ids",
                  "decision", "result", "status", "id_number", "period", "page", "action", "comment"]
# Query parameters: each request gives every parameter a different one of these (a blank leaves it at its default,
# so a parameter read after another is still reached). NUL bytes are refused before any view (test_bad_input.py).
QUERY_VALUES = ["", "abc", "-1", "99999999999999999999999", "2026-02-30", "①", "x" * 3000]
# Form fields: the same rotation, plus the values that once gave a 500 tried one field at a time.
FORM_VALUES = ["", "1e30", "NaN", "-1", "1.234", "99999999999999999999999", "260100213①", "１٢３", "2026-02-30",
               "=1+1'; DROP TABLE x; --", "\u202e\u200b", "x" * 1000]
PER_FIELD_VALUES = ["1e30", "١٢٣٤", "2026-02-30"]
# API bodies: the strings above and the wrong JSON types.
JSON_VALUES = FORM_VALUES + [10**30, -1, 1.5e300, True, None, {"a": {"b": [1]}}, [1, [2, [3]]], "\x00"]
FILE_BODY = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture
def county_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # no session query per request
    settings.AXES_ENABLED = False
    with open(os.devnull, "w") as sink:
        call_command("seed_demo", residents=40, stdout=sink)


class Probe:
    """Sends a request inside a savepoint and records any 5xx, and any 4xx without a Chinese message."""

    def __init__(self):
        self.failures: set[str] = set()
        self.count = 0

    def send(self, client, who, method, url, *, data=None, body=None, label=""):
        self.count += 1
        if os.environ.get("HOSTILE_TRACE"):
            print(self.count, who, method, url[:80], label[:40], flush=True)
        sid = transaction.savepoint()
        try:
            if body is not None:
                response = getattr(client, method)(url, data=body, content_type="application/json")
            else:
                response = getattr(client, method)(url, data or {})
        finally:
            transaction.savepoint_rollback(sid)
            connection.needs_rollback = False
        where = f"{who} {method.upper()} {url[:90]!r} {label[:50]!r}"
        if response.status_code >= 500:
            self.failures.add(f"{where} -> {response.status_code}")
        elif response.status_code == 400:
            text = response.content.decode("utf-8", "replace")
            if url.startswith("/api/"):
                try:
                    payload = response.json()
                except ValueError:
                    payload = None
                if not isinstance(payload, dict) or "detail" not in payload:
                    self.failures.add(f"{where}: 400 outside the JSON error envelope")
                    return response
                text = json.dumps(payload, ensure_ascii=False)
            if not CJK.search(text):
                self.failures.add(f"{where}: 400 without a Chinese message: {text[:80]!r}")
        return response

    def report(self):
        return f"{len(self.failures)} failures in {self.count} requests:\n" + "\n".join(sorted(self.failures)[:300])


def _name(path: str) -> str | None:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}"


def _explore(clients):
    """{url name: (persona, concrete path)} for the first persona a page answers 200, and
    {(action url name, method): (persona, Form)} for every form on the pages reached."""
    pages, forms = {}, {}
    for who, client in clients.items():
        for url, response in hostile.crawl(client).items():
            name = _name(url)
            if response.status_code == 200 and name not in pages:
                pages[name] = (who, url)
            if response.get("Content-Type", "").startswith("text/html"):
                _links, found = hostile.parse(url, response.content.decode("utf-8", "replace"))
                for form in found:
                    key = (_name(form.action), form.method)
                    if key[0] and key not in forms and not form.action.startswith("/accounts/logout"):
                        forms[key] = (who, form)
    return pages, forms


def _rotations(names, values):
    """len(values) payloads in which every field meets every value once, each field a different one at a time."""
    names = [n for n in names if n != "csrfmiddlewaretoken"] or ["x"]
    return [{n: values[(i + k) % len(values)] for i, n in enumerate(names)} for k in range(len(values))]


def _attack_pages(probe, clients, pages, forms):
    get_params: dict[str, set] = {}
    for (name, method), (_who, form) in forms.items():
        if method == "get":
            get_params.setdefault(name, set()).update(form.fields)
    for name, (who, url) in pages.items():
        if url.startswith("/api/"):
            continue
        path = url.split("?")[0]
        names = sorted(get_params.get(name, set()) | set(hostile.COMMON_QUERY))
        for data in _rotations(names, QUERY_VALUES):
            probe.send(clients[who], who, "get", path, data=data, label="query")
    for (_action, method), (who, form) in forms.items():
        client, verb = clients[who], ("post" if method == "post" else "get")
        for data in _rotations(list(form.fields), FORM_VALUES):
            if form.files:
                data.update({f: _junk_file() for f in form.files})
            probe.send(client, who, verb, form.action, data=data, label="rotated")
        for field in form.fields:
            if field == "csrfmiddlewaretoken":
                continue
            for value in PER_FIELD_VALUES:
                probe.send(client, who, verb, form.action, data={**form.fields, field: value},
                           label=f"{field}={value[:20]}")


def _junk_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.xlsx", FILE_BODY, content_type="application/octet-stream")


def _attack_patterns(probe, clients, pages, forms):
    """Every pattern of the URLconf by GET and POST: with the real path a persona reached (POST with guessed
    fields, unless a form showed the real ones), and with ids no row has."""
    posted = {name for name, method in forms if method == "post"}
    for regex, _url_name in hostile.walk():
        path = hostile.fill(regex, "1")
        if not path or path.startswith("/accounts/logout"):
            continue
        name = _name(path)
        who, real = pages.get(name, ("officer", path))
        client = clients[who]
        if name not in posted:
            for data in _rotations(GUESSED_FIELDS, ["1e30", "260100213①", "2026-02-30", "x" * 600]):
                probe.send(client, who, "post", real.split("?")[0], data=data, label="guessed fields")
        if "(?P<" in regex:
            for value in ("0", "99999999999999999999999", "-1", "abc"):
                bad = hostile.fill(regex, value)
                if bad and _name(bad):
                    probe.send(client, who, "get", bad, label="id")
                    probe.send(client, who, "post", bad, data={"reason": "x"}, label="id")


def _first_id(client, path):
    response = client.get(path)
    if response.status_code != 200:
        return None
    data = response.json()
    rows = data.get("results", data) if isinstance(data, dict) else data
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        return rows[0].get("id")
    return None


def _attack_api(probe, api_clients):
    operations = list(hostile.api_operations(None))
    lists = sorted({p for m, p, _q, _b in operations if m == "get" and "{" not in p}, key=len, reverse=True)
    # Who attacks each path prefix, and a real id in their scope for its detail paths.
    owner: dict[str, tuple[str, object]] = {}
    for path in lists:
        for who, client in api_clients.items():
            if client.get(path).status_code == 200:
                owner[path] = (who, _first_id(client, path))
                break
    for method, path, query, body in operations:
        base = next((p for p in lists if path.startswith(p)), None)
        who, real_id = owner.get(base, ("officer", None))
        client = api_clients[who]
        urls = [path] if "{" not in path else [
            re.sub(r"\{[^}]+\}", str(real_id or 1), path),
            re.sub(r"\{[^}]+\}", "99999999999999999999999", path),
            re.sub(r"\{[^}]+\}", "-1", path),
        ]
        for n, url in enumerate(urls):
            if method == "get":
                names = sorted(set(query) | {"page", "page_size", "ordering", "year", "township", "status"})
                for data in _rotations(names, QUERY_VALUES) if n == 0 else [{}]:
                    probe.send(client, who, "get", url + hostile.query(data), label="query")
                continue
            if method not in ("post", "put", "patch"):
                continue
            if n > 0:  # an id no row has: one body is enough
                probe.send(client, who, method, url, body=json.dumps({"reason": "x"}), label="id")
                continue
            for data in _rotations(body or ["x"], JSON_VALUES):
                probe.send(client, who, method, url, body=json.dumps(data), label="rotated")
            for raw in ('{"a": ', "[1, 2]", "1e999", hostile.json_body(body or ["x"], hostile.NESTED)):
                probe.send(client, who, method, url, body=raw, label=f"raw {raw[:10]!r}")


@pytest.mark.postgres
def test_no_page_or_api_operation_answers_500_and_every_refusal_is_in_chinese(county_demo):
    logging.getLogger("django.request").setLevel(logging.ERROR)  # thousands of expected 4xx warnings
    started = time.perf_counter()
    probe = Probe()
    clients = {"anonymous": Client(raise_request_exception=False)}
    api_clients = {}
    for who in PERSONAS:
        user = User.objects.get(username=who)
        clients[who] = Client(raise_request_exception=False)
        clients[who].force_login(user)
        api_clients[who] = APIClient(raise_request_exception=False)
        api_clients[who].force_authenticate(user)
    api_clients["anonymous"] = APIClient(raise_request_exception=False)
    pages, forms = _explore({who: clients[who] for who in PERSONAS})
    print(f"seeded and explored in {time.perf_counter() - started:.0f} s")
    assert len(pages) > 60 and len(forms) > 20, (len(pages), len(forms))
    print(f"{len(pages)} pages, {len(forms)} forms, {sum(len(f.fields) for _w, f in forms.values())} fields")
    for step in (_attack_pages, _attack_patterns):
        before, t0 = probe.count, time.perf_counter()
        step(probe, clients, pages, forms)
        print(f"{step.__name__}: {probe.count - before} requests in {time.perf_counter() - t0:.0f} s")
    before, t0 = probe.count, time.perf_counter()
    _attack_api(probe, api_clients)
    print(f"_attack_api: {probe.count - before} requests in {time.perf_counter() - t0:.0f} s")
    # The anonymous visitor: the login form and the token endpoint.
    for value in hostile.HOSTILE:
        probe.send(clients["anonymous"], "anonymous", "post", "/accounts/login/",
                   data={"username": value, "password": value}, label="login")
        probe.send(api_clients["anonymous"], "anonymous", "post", "/api/v1/auth/token/",
                   body=hostile.json_body(["username", "password"], value), label="token")
    print(f"{probe.count} hostile requests in {time.perf_counter() - started:.0f} s")
    assert probe.count > 1000
    assert not probe.failures, probe.report()
