"""Under TEST_DB_APP_ROLE (.ci/run) the suite connects as the application's database role (tests/support/app_role.py):
not a superuser, owner of nothing, refused TRUNCATE; a test marked db_owner connects as the tables' owner."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.support.app_role import APP, OWNER
from tests.support.markers import IN_CI

# Outside CI (a developer's `make test`) these are skipped without the variable; under CI=true nothing skips
# silently: a run without the role fails here with the reason.
pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not APP and not IN_CI, reason="only under TEST_DB_APP_ROLE (.ci/run)")]


@pytest.fixture(autouse=True)
def _the_role_is_required_in_ci():
    if not APP:
        pytest.fail("CI runs the suite as the application role: set TEST_DB_APP_ROLE (.ci/run does)")


def _who() -> tuple[str, str, bool]:
    with connection.cursor() as cur:
        cur.execute("SELECT current_user, session_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        return cur.fetchone()


def test_tests_connect_as_the_application_role_which_is_no_superuser_and_cannot_truncate(db):
    assert _who() == (APP, APP, False)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
        assert cur.fetchone()[0] == 0
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cur.execute("TRUNCATE pension_operationlog")


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_also_runs_as_the_application_role_and_its_flush_as_the_owner():
    assert _who() == (APP, APP, False)


@pytest.mark.db_owner("checks the marker itself")
def test_a_test_marked_db_owner_connects_as_the_owner_of_the_tables(db):
    assert _who() == (OWNER, OWNER, False)
    with connection.cursor() as cur:
        cur.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'funds_accountentry'")
        assert cur.fetchone()[0] == OWNER


def test_after_a_marked_test_the_next_connects_as_the_application_role_again(db):
    assert _who() == (APP, APP, False)
