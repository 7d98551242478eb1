"""The application's database role cannot break the append-only rules: no TRUNCATE, no trigger disabled, no ledger
row rewritten. deploy/db-roles.sh sets up the owner (migrations) and the application role on this test database."""

import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app_role(transactional_db):
    s = connection.settings_dict
    db, host, port, superuser = s["NAME"], s["HOST"] or "127.0.0.1", str(s["PORT"] or 5432), s["USER"]
    owner, app = f"{db}_owner", f"{db}_app"
    psql = f"psql -h {host} -p {port} -U {superuser}"
    with connection.cursor() as cur:  # the superuser, or under TEST_DB_APP_ROLE the suite's own owner
        cur.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'pension_operationlog'")
        owner_before = cur.fetchone()[0]
    subprocess.run([str(ROOT / "deploy/db-roles.sh"), db, owner, app], check=True, env={"PSQL": psql, "PATH":
                   "/usr/bin:/bin:/usr/local/bin"}, capture_output=True, text=True)
    conn = psycopg2.connect(host=host, port=port, user=app, dbname=db, password=s["PASSWORD"] or None)
    conn.autocommit = True
    yield conn, owner
    conn.close()
    with connection.cursor() as cur:
        cur.execute(f'REASSIGN OWNED BY "{owner}" TO "{owner_before}"')
        cur.execute(f'DROP OWNED BY "{app}"')
        cur.execute(f'DROP OWNED BY "{owner}"')
        cur.execute(f'DROP ROLE "{app}"')
        cur.execute(f'DROP ROLE "{owner}"')


def _refused(conn, sql) -> str:
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as exc:
        cur.execute(sql)
    return str(exc.value)


@pytest.mark.postgres
@pytest.mark.db_superuser("creates and drops roles of its own")
def test_application_role_reads_and_writes_rows_but_cannot_truncate_disable_triggers_or_rewrite_the_ledger(app_role):
    conn, owner = app_role
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pension_operationlog")
        cur.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'pension_operationlog'")
        assert cur.fetchone()[0] == owner
    assert "permission denied" in _refused(conn, "TRUNCATE pension_operationlog")
    assert "permission denied" in _refused(conn, "TRUNCATE collection_contribution")
    assert "must be owner" in _refused(conn, "ALTER TABLE pension_operationlog DISABLE TRIGGER ALL")
    assert "must be owner" in _refused(conn, "ALTER TABLE collection_contribution DISABLE TRIGGER USER")
    assert "must be owner" in _refused(
        conn, "DROP TRIGGER pension_operationlog_no_update_delete ON pension_operationlog")
    assert "permission denied" in _refused(conn, "UPDATE pension_operationlog SET reason = 'x'")
    assert "permission denied" in _refused(conn, "UPDATE funds_accountentry SET amount = 0")
    assert "permission denied" in _refused(conn, "DELETE FROM funds_accountentry")
    assert "permission denied" in _refused(conn, "CREATE TABLE x (id int)")
