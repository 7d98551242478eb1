"""No page or URL answers 500 and none leaves bad input to the middleware's net: hostile values in every query
parameter of every page the personas reach, and every pattern of the URLconf (web and API) by GET and POST, with the
real path a persona reached (POST with guessed field names where no page shows the form) and with ids no row has, so
that a page no link reaches is still tried. The forms and the API are tried by the two sibling files;
tests/sweep.py has the machinery.

The pages are discovered, never listed: each persona follows links from the home page (real ids in their scope).
Each page is attacked once, as the first persona it answers, so a county page is tried by the county officer and an
audit page by the auditor.
"""

import logging
import time

import pytest

from . import hostile, sweep


def attack_query(probe, web, pages, forms):
    get_params: dict[str, set] = {}
    for (name, method), (_who, form) in forms.items():
        if method == "get":
            get_params.setdefault(name, set()).update(form.fields)
    for name, (who, url) in pages.items():
        if url.startswith("/api/"):
            continue
        path = url.split("?")[0]
        names = sorted(get_params.get(name, set()) | set(hostile.COMMON_QUERY))
        for data in sweep.rotations(names, sweep.QUERY_VALUES):
            probe.send(web[who], who, "get", path, data=data, label="query")


def attack_patterns(probe, web, pages, forms):
    posted = {name for name, method in forms if method == "post"}
    for regex, _url_name in hostile.walk():
        path = hostile.fill(regex, "1")
        if not path or path.startswith("/accounts/logout"):
            continue
        name = sweep.url_name(path)
        who, real = pages.get(name, ("officer", path))
        client = web[who]
        if name not in posted:
            for data in sweep.rotations(sweep.GUESSED_FIELDS, ["1e30", "260100213①", "2026-02-30", "x" * 600]):
                probe.send(client, who, "post", real.split("?")[0], data=data, label="guessed fields")
        if "(?P<" in regex:
            for value in ("0", "99999999999999999999999", "-1", "abc"):
                bad = hostile.fill(regex, value)
                if bad and sweep.url_name(bad):
                    probe.send(client, who, "get", bad, label="id")
                    probe.send(client, who, "post", bad, data={"reason": "x"}, label="id")


@pytest.mark.postgres
@pytest.mark.db_owner("seeds the demo county: seed_demo moves sequences (setval), the owner's like migrate")
def test_no_page_or_url_answers_500_or_leaves_bad_input_to_the_middleware(county_demo):
    logging.getLogger("django.request").setLevel(logging.ERROR)  # thousands of expected 4xx warnings
    started, cpu = time.perf_counter(), time.process_time()
    probe = sweep.Probe()
    web, _api = sweep.clients()
    pages, forms = sweep.explore(web, probe)
    print(f"seeded and explored in {time.perf_counter() - started:.0f} s: {len(pages)} pages, {len(forms)} forms")
    for step in (attack_query, attack_patterns):
        before, skipped, t0 = probe.count, probe.skipped, time.perf_counter()
        step(probe, web, pages, forms)
        print(f"{step.__name__}: {probe.count - before} requests ({probe.skipped - skipped} not repeated) "
              f"in {time.perf_counter() - t0:.0f} s")
    print(f"CPU {time.process_time() - cpu:.0f} s; costliest: {probe.costliest()}")
    assert probe.count > 1000
    assert not probe.failures, probe.report()
