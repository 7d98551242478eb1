"""Shared fixtures and hooks, kept in `tests/support/` and loaded here as plugins:

- `personas`: the demo county's areas (`county`, `township_a/b`, `village_a/a2/b`), the personas every test speaks
  of (`clerk_a`, `clerk_b`, `assistant_a`, `officer`, `officer2`, `finance`, `auditor`, `leader`, `admin_user`)
  and clients logged in as them (`api(user)`, `web(user)`);
- `residents`: `id_numbers`, `make_resident`, `make_recipient`, `credit_years` (rows written directly);
- `markers`: the `postgres` and `browser` markers (skipped outside CI, required under CI) and `chromium`;
- `reference_rows`: the reference rows the data migrations wrote are put back after a test that flushes the
  database, so the next file on the same pytest-xdist process still finds them;
- `app_role`: under TEST_DB_APP_ROLE (set by .ci/run) the tests connect as the application's database role that
  deploy/db-roles.sh sets up, and the `db_owner` / `db_superuser` markers name the tests that may not.
"""

pytest_plugins = [
    "tests.support.markers",
    "tests.support.reference_rows",
    "tests.support.app_role",  # after reference_rows: its django_db_setup wraps that one
    "tests.support.personas",
    "tests.support.residents",
]
