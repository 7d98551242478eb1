"""The `postgres` and `browser` markers, and the `chromium` fixture the browser journeys drive.

Outside CI a test that needs PostgreSQL (on SQLite) or Chromium (not installed) is skipped; under CI=true it
fails, so a missing service fails the run instead of hiding the test."""

import os
import shutil

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            if IN_CI:
                item.user_properties.append(("missing", "CI must run on PostgreSQL (set DATABASE_URL)"))
            else:
                item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "browser" in item.keywords and CHROMIUM is None:
            if IN_CI:
                # Under CI the browser tests must run: a missing Chromium is a failure, not a skip.
                item.user_properties.append(("missing", "Chromium missing in CI (apt-get install chromium)"))
            else:
                item.add_marker(pytest.mark.skip(reason="Chromium not installed (apt-get install chromium)"))


def pytest_runtest_setup(item):
    for name, reason in item.user_properties:
        if name == "missing":
            pytest.fail(reason, pytrace=False)


@pytest.fixture
def chromium():
    """Debian's Chromium driven by Playwright's sync API, for the browser journeys (mark them `browser`).

    Playwright's sync API keeps an event loop marked as running in this thread while it is open, and while a
    loop runs Django keeps the thread's database connections apart (asgiref's Local stores them per context).
    The ORM calls a test makes meanwhile open a connection of their own, which Django's own teardown, run
    after the loop has stopped, neither sees nor closes; left open it keeps the test database from being
    dropped. So they are closed here, while the loop still runs."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is called from the test, beside that loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()
