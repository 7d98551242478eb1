"""The suite as the application's database role (issue 15 item 9; docs/operations.md, "Database roles").

Off unless TEST_DB_APP_ROLE names the role (.ci/run sets `TEST_DB_APP_ROLE=pension_app`); without it, and on SQLite,
nothing here does anything. When on:

- pytest-django creates and migrates the test database as usual, as the DATABASE_URL's user (a superuser); the
  reference rows are copied (tests/support/reference_rows.py);
- `deploy/db-roles.sh` is run on the test database (`test_<name>`, `test_<name>_gw0`, ... under pytest-xdist) with
  the owner TEST_DB_OWNER_ROLE (default `pension_owner`) and the application role: the owner owns the schema and
  every table, the application role may only read and write rows, and only read and insert the operation log and
  the ledger's account entries;
- the tests then connect as the application role: every query the code under test sends is checked against what
  production grants it, no more. A test that finds the code needing more fails; the fix goes into db-roles.sh (if
  the application legitimately needs it) or into the code, never into the test.

The harness itself needs more than the application, and says so here:
- the flush that ends a `transaction=True` test (TRUNCATE) runs as the owner;
- a test marked `@pytest.mark.db_owner("why")` runs whole as the owner (set-up commands such as seed_demo, which
  moves sequences past the rows it copies: setval, the owner's like migrate);
- a test marked `@pytest.mark.db_superuser("why")` runs whole as the superuser (tests/test_db_roles.py creates roles).
Both markers take the reason as their argument; each use is an explicit exception, counted in the notes.
A test marked db_owner only to seed the demo county calls `application_role_from_here()` after seeding: the rest
of its transaction runs as the application role (SET LOCAL ROLE; the owner is made a member of the application
role in the test cluster for that, which gives it nothing it did not have).
"""

import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = os.environ.get("TEST_DB_APP_ROLE", "").strip()
OWNER = os.environ.get("TEST_DB_OWNER_ROLE", "").strip() or "pension_owner"
# The roles the tests connect as, once the test database is ready: {"superuser": ..., "owner": ..., "app": ...}.
ROLES: dict[str, str] = {}
# The role the running test connects as ("app" unless it is marked db_owner / db_superuser).
CURRENT = {"role": "app"}


def _connection():
    from django.db import connections

    return connections["default"]


@contextmanager
def connected_as(user: str):
    """The default connection logs in as `user` inside the block (closed and reopened on both sides, so never inside
    a transaction), then as before."""
    conn = _connection()
    before = conn.settings_dict["USER"]
    if not ROLES or user == before:
        yield
        return
    conn.close()
    conn.settings_dict["USER"] = user
    try:
        yield
    finally:
        conn.close()
        conn.settings_dict["USER"] = before


def application_role_from_here() -> None:
    """In a test marked db_owner (to seed the demo county, say): the rest of the test's transaction runs as the
    application role. Nothing when the suite does not run as the roles."""
    if not ROLES or CURRENT["role"] != "owner":
        return
    conn = _connection()
    if not conn.in_atomic_block:
        raise RuntimeError("application_role_from_here() needs the test's transaction (a `db` test)")
    with conn.cursor() as cur:
        cur.execute(f'SET LOCAL ROLE "{ROLES["app"]}"')


def _db_roles(settings_dict) -> None:
    host = settings_dict["HOST"] or "127.0.0.1"
    port = str(settings_dict["PORT"] or 5432)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PSQL": f"psql -h {host} -p {port} -U {settings_dict['USER']}"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    done = subprocess.run([str(ROOT / "deploy/db-roles.sh"), settings_dict["NAME"], OWNER, APP], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"deploy/db-roles.sh failed on {settings_dict['NAME']}: {done.stderr.strip()}")
    # The owner may become the application role (application_role_from_here). Roles are the cluster's: another
    # process may be granting the same at the same moment ("tuple concurrently updated"), so try again.
    for attempt in range(5):
        done = subprocess.run(env["PSQL"].split() + ["-q", "-d", settings_dict["NAME"], "-c",
                              f'GRANT "{APP}" TO "{OWNER}"'], env=env, capture_output=True, text=True, check=False)
        if not done.returncode:
            break
        if attempt == 4:
            raise RuntimeError(f"GRANT {APP} TO {OWNER} failed: {done.stderr.strip()}")
        time.sleep(0.2 * (attempt + 1))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrations and the reference rows leave it; then, under TEST_DB_APP_ROLE, given to the
    owner, and the tests connect as the application role. At the end the superuser connects again to drop it."""
    if not APP:
        yield
        return
    conn = _connection()
    if conn.vendor != "postgresql":
        raise pytest.UsageError("TEST_DB_APP_ROLE needs PostgreSQL (set DATABASE_URL)")
    superuser = conn.settings_dict["USER"]
    with django_db_blocker.unblock():
        conn.close()
        _db_roles(conn.settings_dict)
    ROLES.update(superuser=superuser, owner=OWNER, app=APP)
    conn.settings_dict["USER"] = ROLES[CURRENT["role"]]  # the first test may be a marked one
    yield
    conn.close()
    conn.settings_dict["USER"] = superuser
    ROLES.clear()


def _flush_as_owner():
    """TransactionTestCase ends by flushing every table (TRUNCATE): the harness's, not the application's, so the
    owner's."""
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown
    if getattr(flush, "as_owner", False):
        return

    def _fixture_teardown(self):
        if not ROLES:
            return flush(self)
        with connected_as(ROLES["owner"]):
            return flush(self)

    _fixture_teardown.as_owner = True
    TransactionTestCase._fixture_teardown = _fixture_teardown


def pytest_configure(config):
    if APP:
        _flush_as_owner()


def _marked_role(item) -> str | None:
    for marker, role in (("db_superuser", "superuser"), ("db_owner", "owner")):
        mark = item.get_closest_marker(marker)
        if mark is not None:
            if not mark.args or not str(mark.args[0]).strip():
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{marker} needs its reason, "
                                        f"e.g. @pytest.mark.{marker}(\"seeds the demo county (setval)\")")
            return role
    return None


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    """A test marked db_owner / db_superuser connects as that role from before its fixtures are set up."""
    role = _marked_role(item)
    if role:
        _connect_as(role)
    yield


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """... and as the application role again once its fixtures are torn down (and the reference rows put back)."""
    yield
    if CURRENT["role"] != "app":
        _connect_as("app")


def _connect_as(role: str) -> None:
    CURRENT["role"] = role
    if ROLES:
        conn = _connection()
        conn.close()
        conn.settings_dict["USER"] = ROLES[role]
