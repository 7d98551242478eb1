import importlib

import pytest


@pytest.fixture(autouse=True)
def benefit_parameters(request):
    """The parameter rows migration 0003 seeds (a transactional test's flush removes them for the tests after)."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    from django.apps import apps

    seed = importlib.import_module("benefits.migrations.0003_seed_parameters").seed
    seed(apps, None)
