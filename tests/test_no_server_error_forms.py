"""No form answers 500 or leaves bad input to the middleware's net: every field of every form on the pages the
personas reach meets every hostile value (all fields at once, each a different value), and the values that once
gave a 500 are tried one field at a time, the other fields keeping the page's own values. The forms and their fields
are read from the HTML; each is posted as the first persona whose page shows it. (tests/sweep.py has the machinery;
the pages, URL patterns and the API are tried by the sibling files.)"""

import logging
import time

import pytest

from . import sweep


def attack_forms(probe, web, forms):
    for (_action, method), (who, form) in forms.items():
        client, verb = web[who], ("post" if method == "post" else "get")
        for data in sweep.rotations(list(form.fields), sweep.FORM_VALUES):
            if form.files:
                data.update({f: sweep.junk_file() for f in form.files})
            probe.send(client, who, verb, form.action, data=data, label="rotated")
        for field in form.fields:
            if field == "csrfmiddlewaretoken":
                continue
            for value in sweep.PER_FIELD_VALUES:
                probe.send(client, who, verb, form.action, data={**form.fields, field: value},
                           label=f"{field}={value[:20]}")


@pytest.mark.postgres
@pytest.mark.db_owner("seeds the demo county: seed_demo moves sequences (setval), the owner's like migrate")
def test_no_form_answers_500_or_leaves_bad_input_to_the_middleware(county_demo):
    logging.getLogger("django.request").setLevel(logging.ERROR)
    started, cpu = time.perf_counter(), time.process_time()
    probe = sweep.Probe()
    web, _api = sweep.clients()
    _pages, forms = sweep.explore(web, probe)
    print(f"seeded and explored in {time.perf_counter() - started:.0f} s: {len(forms)} forms, "
          f"{sum(len(f.fields) for _w, f in forms.values())} fields")
    before, skipped, t0 = probe.count, probe.skipped, time.perf_counter()
    attack_forms(probe, web, forms)
    print(f"forms: {probe.count - before} requests ({probe.skipped - skipped} not repeated) "
          f"in {time.perf_counter() - t0:.0f} s; CPU {time.process_time() - cpu:.0f} s; "
          f"costliest: {probe.costliest()}")
    assert probe.count > 1000
    assert not probe.failures, probe.report()
