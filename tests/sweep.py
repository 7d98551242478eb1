"""The hostile-input sweep's machinery, shared by its three test files (one per area, so that pytest-xdist's
`--dist loadfile` runs them on both processes): the demo county and the personas' clients, the probe that sends
each request in a rolled-back savepoint, the exploration of the pages and forms each persona reaches, and the
value rotations.

What keeps it cheap without trying less:
- requests that cannot behave differently from one already sent are not sent again. A browser request records
  which query and form parameters the view read (`ReadTracker`); a later request to the same path by the same
  persona, with the same session and pending messages, that agrees with an earlier one on every parameter that
  one read, would run the same code on the same values, so it is counted and skipped. A view that reads the
  parameters as a whole (iterates them, copies them, echoes the full path) is never skipped.
- the demo is seeded with the fast test password hasher (the sweep posts logins and password changes).
"""

import json
import os
import re
import time

from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

from pension.models import User

from . import hostile
from .support.app_role import application_role_from_here

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
ALL = "*"  # a view read the parameters as a whole
COUNT = "#count"  # a view asked how many there are


def seed(settings, tmp_path):
    """The demo county at 40 residents, and settings for thousands of requests."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # no session query per request
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("pension.middleware.BadInputMiddleware") + 1, "tests.sweep.ReadTracker")
    settings.MIDDLEWARE = middleware
    started = time.process_time()
    with open(os.devnull, "w") as sink:
        call_command("seed_demo", residents=40, stdout=sink)
    application_role_from_here()  # under TEST_DB_APP_ROLE the sweep itself runs as the application role
    print(f"demo seeded: {time.process_time() - started:.1f} s CPU")


def clients():
    """{persona: browser client} (anonymous included) and {persona: API client}, each signed in once."""
    web = {"anonymous": Client(raise_request_exception=False)}
    api = {"anonymous": APIClient(raise_request_exception=False)}
    for who in PERSONAS:
        user = User.objects.get(username=who)
        web[who] = Client(raise_request_exception=False)
        web[who].force_login(user)
        api[who] = APIClient(raise_request_exception=False)
        api[who].force_authenticate(user)
    return web, api


# ------------------------------------------------------------------ which parameters a view read


class _Reads(QueryDict):
    """request.GET / request.POST that note each key the view reads, or ALL when it reads them as a whole."""

    log = None

    def _note(self, key):
        if self.log is not None:
            self.log.add((self.source, key))

    def _whole(self):
        if self.log is not None:
            self.log.add(ALL)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def __len__(self):  # `Form(request.GET or None)` sees only whether there are parameters
        self._note(COUNT)
        return super().__len__()


def _as_whole(name):
    def method(self, *args, **kwargs):
        self._whole()
        return getattr(QueryDict, name)(self, *args, **kwargs)
    return method


for _name in ("__iter__", "__eq__", "__copy__", "__deepcopy__", "keys", "values", "items", "lists",
              "dict", "copy", "urlencode"):
    setattr(_Reads, _name, _as_whole(_name))


def _tracked(params, source, log):
    tracked = _Reads(mutable=True, encoding=params.encoding)
    for key, values in QueryDict.lists(params):
        tracked.setlist(key, values)
    tracked._mutable, tracked.source, tracked.log = False, source, log
    return tracked


class ReadTracker:
    """Test-only middleware (the sweep puts it right after pension.middleware's NUL check, which reads every
    value): the answer to a browser request carries `reads`, the parameters the view read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):  # DRF parses bodies itself: API requests are always sent
            return self.get_response(request)
        log = set()
        request.GET = _tracked(request.GET, "GET", log)
        if request.method == "POST":
            request.POST = _tracked(request.POST, "POST", log)
        for name in ("get_full_path", "get_full_path_info"):
            setattr(request, name, _whole_path(getattr(request, name), log))
        response = self.get_response(request)
        response.reads = log
        return response


def _whole_path(method, log):
    def call(*args, **kwargs):
        log.add(ALL)
        return method(*args, **kwargs)
    return call


# ------------------------------------------------------------------ the probe


class Probe:
    """Sends a request inside a savepoint and records any 5xx, any 4xx without a Chinese message, and any answer
    that pension.middleware's net had to give (the view did not check its input)."""

    def __init__(self):
        self.failures: set[str] = set()
        self.count = 0  # requests tried
        self.skipped = 0  # of which not sent: an earlier one ran the same code on the same values
        self._seen: dict[tuple, list] = {}
        self.cpu: dict[str, list] = {}  # url name -> [requests sent, CPU seconds], for `costliest()`

    def send(self, client, who, method, url, *, data=None, body=None, label=""):
        self.count += 1
        where = f"{who} {method.upper()} {url[:90]!r} {label[:50]!r}"
        key = values = None
        if body is None and not url.startswith("/api/"):
            key, values = self._same_as_before(client, who, method, url, data or {})
            if key is None:
                self.skipped += 1
                return None
        if os.environ.get("HOSTILE_TRACE"):
            print(self.count, who, method, url[:80], label[:40], flush=True)
        started = time.process_time()
        sid = transaction.savepoint()
        try:
            if body is not None:
                response = getattr(client, method)(url, data=body, content_type="application/json")
            else:
                response = getattr(client, method)(url, data or {})
        finally:
            transaction.savepoint_rollback(sid)
            connection.needs_rollback = False
        cost = self.cpu.setdefault(url_name(url) or url[:40], [0, 0.0])
        cost[0] += 1
        cost[1] += time.process_time() - started
        reads = getattr(response, "reads", None)
        if key is not None and reads is not None and ALL not in reads:
            read = frozenset(reads)
            self._seen.setdefault(key, []).append((read, self._project(values, read)))
        self._check(response, where, url)
        return response

    def _same_as_before(self, client, who, method, url, data):
        """(memo key, the request's parameters) or (None, None) when an earlier request answers for this one.
        The parameters are those the test client sends: `data` is the query string of a GET (replacing the
        URL's own) and the body of a POST (files aside)."""
        path, _sep, query = url.partition("?")
        fields = QueryDict(mutable=True)
        for name, value in data.items():
            if isinstance(value, str):
                fields.setlist(name, [value])
        if method == "get":
            values = {"GET": fields if data else QueryDict(query), "POST": QueryDict()}
        else:
            values = {"GET": QueryDict(query), "POST": fields}
        state = (client.cookies["messages"].value if "messages" in client.cookies else "",
                 repr(sorted(client.session.items())) if who != "anonymous" else "")
        key = (who, method, path, state)
        for read, projected in self._seen.get(key, ()):
            if self._project(values, read) == projected:
                return None, None
        return key, values

    @staticmethod
    def _project(values, read):
        return tuple(sorted(
            (source, k, dict.__len__(values[source]) if k == COUNT else tuple(QueryDict.getlist(values[source], k)))
            for source, k in read))

    def _check(self, response, where, url):
        if response.status_code >= 500:
            self.failures.add(f"{where} -> {response.status_code}")
            return
        caught = getattr(response, "caught_by_net", None)
        if caught:
            self.failures.add(f"{where}: left to the middleware's net ({caught[:100]})")
        if response.status_code != 400:
            return
        text = response.content.decode("utf-8", "replace")
        if url.startswith("/api/"):
            try:
                payload = response.json()
            except ValueError:
                payload = None
            if not isinstance(payload, dict) or "detail" not in payload:
                self.failures.add(f"{where}: 400 outside the JSON error envelope")
                return
            text = json.dumps(payload, ensure_ascii=False)
        if not CJK.search(text):
            self.failures.add(f"{where}: 400 without a Chinese message: {text[:80]!r}")

    def costliest(self, n=8) -> str:
        top = sorted(self.cpu.items(), key=lambda item: -item[1][1])[:n]
        return "; ".join(f"{name} {count}× {seconds:.1f} s" for name, (count, seconds) in top)

    def report(self):
        return f"{len(self.failures)} failures in {self.count} requests:\n" + "\n".join(sorted(self.failures)[:300])


# ------------------------------------------------------------------ what the personas reach


def url_name(path: str) -> str | None:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}"


def explore(web, probe):
    """{url name: (persona, concrete path)} for the first persona a page answers 200, and
    {(action url name, method): (persona, Form)} for every form on the pages reached. The pages are fetched
    through the probe: they are checked too, and a page that reads no parameter is not fetched again."""
    pages, forms = {}, {}
    for who in PERSONAS:
        def fetch(url, who=who):
            return probe.send(web[who], who, "get", url, label="crawl")

        for url, response in hostile.crawl(web[who], fetch=fetch).items():
            name = url_name(url)
            if response.status_code == 200 and name not in pages:
                pages[name] = (who, url)
            for form in getattr(response, "forms_found", ()):  # read from the HTML by the crawl
                key = (url_name(form.action), form.method)
                if key[0] and key not in forms and not form.action.startswith("/accounts/logout"):
                    forms[key] = (who, form)
    assert len(pages) > 60 and len(forms) > 20, (len(pages), len(forms))
    return pages, forms


def rotations(names, values):
    """len(values) payloads in which every field meets every value once, each field a different one at a time."""
    names = [n for n in names if n != "csrfmiddlewaretoken"] or ["x"]
    return [{n: values[(i + k) % len(values)] for i, n in enumerate(names)} for k in range(len(values))]


def junk_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.xlsx", FILE_BODY, content_type="application/octet-stream")
