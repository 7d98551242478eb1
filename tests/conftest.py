"""The hostile-input sweep's demo county (tests/sweep.py), for its three files."""

import pytest

from . import sweep


@pytest.fixture
def county_demo(db, settings, tmp_path):
    sweep.seed(settings, tmp_path)
