"""Reference rows survive a test that empties the database.

The data migrations write reference rows (the provincial grade table, interest rates, benefit parameters, audit
templates, beat schedules). A test with `transaction=True` (or a live server) ends by flushing every table,
those rows included. The suite runs under pytest-xdist (`-n 2 --dist loadfile`): a file runs whole on one
process, and the files after it there would find no grade table or interest rates. So the session takes a copy
of the reference rows once the test database is built (`django_db_setup`, overriding pytest-django's) and puts
them back after each test that ends with a flush (`pytest_runtest_teardown`)."""

import pytest

# The apps whose data migrations write reference rows; Django's own tables (content types, permissions) are
# written again by the flush itself and are left alone.
REFERENCE_APPS = ("pension", "enrollment", "funds", "collection", "benefits", "certification", "progress", "audit",
                  "django_celery_beat")


def _reference_rows() -> str:
    from django.apps import apps
    from django.core import serializers

    models = serializers.sort_dependencies(
        [(apps.get_app_config(label), None) for label in REFERENCE_APPS], allow_cycles=True)
    rows = [row for model in models if model._meta.managed and not model._meta.proxy
            for row in model._default_manager.order_by(model._meta.pk.name)]
    return serializers.serialize("json", rows)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrations leave it, plus a copy of the reference rows the data migrations wrote
    (the provincial grade table, interest rates, benefit parameters, audit templates, beat schedules)."""
    from django.db import connections

    with django_db_blocker.unblock():
        connection = connections["default"]
        connection.reference_rows = _reference_rows()
    yield


def _ends_with_a_flush(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return any(name in getattr(item, "fixturenames", ()) for name in ("transactional_db", "live_server"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test with `transaction=True` (or a live server) ends by emptying every table, reference rows
    included. One process runs those tests last, so nothing noticed; under pytest-xdist a file runs whole on
    one process, and the files after it there would find no grade table or interest rates. So the reference
    rows are put back once the test's fixtures (the flush among them) are torn down."""
    yield
    # After the session's last test the test database is already gone (nextitem is None): nothing to restore.
    if nextitem is None or not _ends_with_a_flush(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections["default"]
    if getattr(connection, "reference_rows", None) is None:
        return
    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(connection.reference_rows)
        connection.close()
