"""No API operation answers 500, and every refusal is in the JSON error envelope with a Chinese message: the
operations, their query parameters and body fields come from the OpenAPI schema; each is attacked as the first
persona whose list answers, with a real id in their scope and with ids no row has. The anonymous visitor tries the
login form and the token endpoint. (tests/sweep.py has the machinery.)"""

import json
import logging
import re
import time

import pytest

from . import hostile, sweep


def _first_id(client, path):
    response = client.get(path)
    if response.status_code != 200:
        return None
    data = response.json()
    rows = data.get("results", data) if isinstance(data, dict) else data
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        return rows[0].get("id")
    return None


def attack_api(probe, api):
    operations = list(hostile.api_operations(None))
    lists = sorted({p for m, p, _q, _b in operations if m == "get" and "{" not in p}, key=len, reverse=True)
    # Who attacks each path prefix, and a real id in their scope for its detail paths.
    owner: dict[str, tuple[str, object]] = {}
    for path in lists:
        for who in sweep.PERSONAS:
            if api[who].get(path).status_code == 200:
                owner[path] = (who, _first_id(api[who], path))
                break
    for method, path, query, body in operations:
        base = next((p for p in lists if path.startswith(p)), None)
        who, real_id = owner.get(base, ("officer", None))
        client = api[who]
        urls = [path] if "{" not in path else [
            re.sub(r"\{[^}]+\}", str(real_id or 1), path),
            re.sub(r"\{[^}]+\}", "99999999999999999999999", path),
            re.sub(r"\{[^}]+\}", "-1", path),
        ]
        for n, url in enumerate(urls):
            if method == "get":
                names = sorted(set(query) | {"page", "page_size", "ordering", "year", "township", "status"})
                for data in sweep.rotations(names, sweep.QUERY_VALUES) if n == 0 else [{}]:
                    probe.send(client, who, "get", url + hostile.query(data), label="query")
                continue
            if method not in ("post", "put", "patch"):
                continue
            if n > 0:  # an id no row has: one body is enough
                probe.send(client, who, method, url, body=json.dumps({"reason": "x"}), label="id")
                continue
            for data in sweep.rotations(body or ["x"], sweep.JSON_VALUES):
                probe.send(client, who, method, url, body=json.dumps(data), label="rotated")
            for raw in ('{"a": ', "[1, 2]", "1e999", hostile.json_body(body or ["x"], hostile.NESTED)):
                probe.send(client, who, method, url, body=raw, label=f"raw {raw[:10]!r}")


@pytest.mark.postgres
@pytest.mark.db_owner("seeds the demo county: seed_demo moves sequences (setval), the owner's like migrate")
def test_no_api_operation_or_login_answers_500_and_every_refusal_is_in_chinese(county_demo):
    logging.getLogger("django.request").setLevel(logging.ERROR)
    started, cpu = time.perf_counter(), time.process_time()
    probe = sweep.Probe()
    web, api = sweep.clients()
    attack_api(probe, api)
    print(f"API: {probe.count} requests in {time.perf_counter() - started:.0f} s")
    for value in hostile.HOSTILE:
        probe.send(web["anonymous"], "anonymous", "post", "/accounts/login/",
                   data={"username": value, "password": value}, label="login")
        probe.send(api["anonymous"], "anonymous", "post", "/api/v1/auth/token/",
                   body=hostile.json_body(["username", "password"], value), label="token")
    print(f"CPU {time.process_time() - cpu:.0f} s; costliest: {probe.costliest()}")
    assert probe.count > 1000
    assert not probe.failures, probe.report()
