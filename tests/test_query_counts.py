"""List and dashboard pages keep a fixed number of queries whatever the number of rows they show (no query per
row): each page is read once filtered down to a few rows and once unfiltered, and the query counts stay within
two of each other."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pension.models import User
from tests.support.app_role import application_role_from_here

# (page, a filter that leaves only a few of its rows)
PAGES = [
    ("/residents/", "?status=eligible_not_enrolled"),
    ("/collection/contributions/", "?status=returned"),
    ("/funds/accounts/", "?q=王"),
    ("/funds/deposits/", "?date_from=2026-03-01&date_to=2026-03-02"),
    ("/progress/", "?year=2025"),
]


def _read(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode().count("<tr")


@pytest.mark.postgres
@pytest.mark.db_owner("seeds the demo county: seed_demo moves sequences (setval), the owner's like migrate")
def test_list_and_dashboard_pages_take_as_many_queries_for_few_rows_as_for_many(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", residents=120, stdout=open("/dev/null", "w"))
    application_role_from_here()
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    differences = []
    for page, narrow in PAGES:
        many_queries, many_rows = _read(client, page)
        few_queries, few_rows = _read(client, page + narrow)
        # A different branch (an empty chart, a second page) may cost a query or two; a query per row would
        # cost dozens.
        if abs(many_queries - few_queries) > 2:
            differences.append(f"{page}: {few_rows} rows {few_queries} queries, {many_rows} rows {many_queries}")
    assert not differences, differences
