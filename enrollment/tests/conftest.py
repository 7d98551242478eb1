"""Fixtures of the termination tests (test_terminations, test_terminations_pages_and_api)."""

import pytest

from enrollment.signals import termination_confirmed


@pytest.fixture
def enrolled(village_a, make_resident):
    return make_resident(village_a, name="李老汉", enrolled=True)


@pytest.fixture
def signals_sent():
    """The keyword arguments of each termination_confirmed signal sent during the test."""
    sent = []

    def listen(sender, **kwargs):
        sent.append(kwargs)

    termination_confirmed.connect(listen, dispatch_uid="test-listener")
    yield sent
    termination_confirmed.disconnect(dispatch_uid="test-listener")
