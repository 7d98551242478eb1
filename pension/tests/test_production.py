"""Production hardening: a Content-Security-Policy without inline script, templates that need none, the API
contract only for signed-in users."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def _templates():
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [Path(c.path) / "templates" for c in apps.get_app_configs() if Path(c.path, "templates").is_dir()
             and str(settings.BASE_DIR) in c.path and ".venv" not in c.path]
    for d in dirs:
        yield from d.rglob("*.html")


def test_no_template_holds_inline_script_or_event_handlers():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or HANDLER.search(text) or "javascript:" in text:
            found.append(str(path.relative_to(settings.BASE_DIR)))
    assert not found, found


@pytest.mark.django_db
def test_pages_carry_a_csp_that_forbids_inline_script(web, clerk_a):
    response = web(clerk_a).get("/")
    policy = response["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_api_schema_and_docs_only_for_signed_in_users(web, clerk_a):
    anonymous = Client()
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    assert anonymous.get("/api/docs/").status_code in (401, 403)
    signed_in = web(clerk_a)
    assert signed_in.get("/api/schema/", {"format": "json"}).status_code == 200
    assert signed_in.get("/api/docs/").status_code == 200
