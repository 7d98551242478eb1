"""A service classifies the database's refusal by the constraint's name (pension.errors.violated_constraint), never
by the message text. A name that no constraint or unique index of the schema bears would let every collision
through as a server error: each name the code compares with must exist in the migrated database."""

import re
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
APPS = ("pension", "enrollment", "funds", "collection", "benefits", "certification", "progress", "audit")
# Where a name stands: compared with violated_constraint(...), passed as constraint="...", or in a tuple constant
# of names named ..._ONCE or ..._COLLISIONS (LIVE_CONTRIBUTION_ONCE = ("...", "...")) of a module that classifies.
NAME_LINE = re.compile(r"violated_constraint\(|constraint=\"|^[A-Z_]*(?:ONCE|COLLISIONS) = \(")
LITERAL = re.compile(r"\"([a-z][a-z0-9_]+)\"")


def names_in_code() -> set[str]:
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if "violated_constraint" not in text:
                continue
            for line in text.splitlines():
                if NAME_LINE.search(line):
                    names |= set(LITERAL.findall(line.split("#")[0]))
    return names


def names_in_schema() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint UNION SELECT indexname FROM pg_indexes")
        return {row[0] for row in cursor.fetchall()}


def test_every_constraint_a_service_classifies_by_exists_in_the_schema():
    names = names_in_code()
    assert len(names) >= 20  # the services' collisions are all found
    assert names - names_in_schema() == set()
