"""A termination asked for in the tests of termination (the services, the pages and the API)."""

import datetime

from enrollment import terminations

DEATH_DAY = datetime.date(2026, 10, 2)


def ask(actor, resident, **kw):
    """A death on DEATH_DAY with its evidence, asked for by `actor`; `kw` overrides any of them."""
    args = {"reason": "death", "terminated_on": DEATH_DAY, "evidence": "死亡医学证明 No.2026-0815"} | kw
    return terminations.termination_request(actor=actor, enrollment=resident.enrollments.get(), **args)
