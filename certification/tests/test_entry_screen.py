"""The entry screen's save is the clerk's keyboard loop (issue 13: p95 under 50 ms): one lookup for the recipient
and the resident, the roster entry, the record, its log line and the entry's update, and no more; the htmx answer
brings the entry area and the one new row of today's list, never the whole list again."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from certification.models import CampaignEntry, Record
from pension.models import OperationLog

pytestmark = pytest.mark.django_db

SAVE = "certification:entry_save"
# The session and the user (middleware), the recipient with the resident (one query), the roster entry locked,
# the record, the log line, the entry's update. The test runs inside a transaction, so the service's atomic block
# adds a SAVEPOINT and its RELEASE.
MAX_QUERIES = 7 + 2


def _save(client, resident, **extra):
    return client.post(reverse(SAVE), {"id_number": resident.id_number, "result": "alive", "mode": "on_site",
                                       **extra}, HTTP_HX_REQUEST="true")


def test_saving_a_certification_on_the_entry_screen_takes_at_most_seven_queries(
        web, clerk_a, campaign, recipients, django_assert_max_num_queries):
    c = web(clerk_a)
    c.get(reverse("certification:entry"))
    with django_assert_max_num_queries(MAX_QUERIES) as ctx:
        r = _save(c, recipients[0].resident)
    assert r.status_code == 200 and "saved-message" in r.content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any(s.startswith("UPDATE") and settings.SESSION_COOKIE_NAME in s or "django_session\" SET" in s
                   for s in sql), "a save must not rewrite the session"
    assert sum('FROM "certification_record"' in s for s in sql) == 0, "today's list is not read again"
    assert sum('FROM "enrollment_resident"' in s for s in sql) <= 1
    # Correctness stands: the record, its log line and the roster entry.
    record = Record.objects.get(resident=recipients[0].resident)
    assert OperationLog.objects.filter(action="certification.record", object_id=str(record.pk)).exists()
    assert CampaignEntry.objects.get(resident=recipients[0].resident).status == "certified"


def test_a_second_save_answers_only_its_own_new_row_for_todays_list(web, clerk_a, campaign, recipients):
    c = web(clerk_a)
    _save(c, recipients[0].resident)
    html = _save(c, recipients[1].resident, mode="home_visit").content.decode()
    assert "李秀英" in html and "张大山" not in html
    rows = re.findall(r"<tr\b", html)
    assert len(rows) == 1
    assert 'hx-swap-oob="afterbegin:#recent-rows"' in html
    assert recipients[1].resident.id_number not in html


def test_a_refused_save_adds_no_row(web, clerk_a, campaign, recipients):
    c = web(clerk_a)
    _save(c, recipients[0].resident)
    html = _save(c, recipients[0].resident).content.decode()
    assert "已于" in html and "<tr" not in html and "hx-swap-oob" not in html


def test_the_page_and_a_plain_post_still_show_todays_whole_list(web, clerk_a, campaign, recipients):
    c = web(clerk_a)
    _save(c, recipients[0].resident)
    page = c.get(reverse("certification:entry")).content.decode()
    assert 'id="recent-rows"' in page and "张大山" in page
    r = c.post(reverse(SAVE), {"id_number": recipients[1].resident.id_number, "result": "alive",
                               "mode": "on_site"})
    html = r.content.decode()
    assert r.status_code == 200 and "张大山" in html and "李秀英" in html and "<html" in html


def test_the_empty_list_is_on_the_page_for_the_first_row_to_join(web, clerk_a, campaign, recipients):
    page = web(clerk_a).get(reverse("certification:entry")).content.decode()
    assert 'id="recent-rows"' in page


def test_an_id_number_without_a_recipient_in_scope_is_refused_in_chinese(web, clerk_b, clerk_a, campaign,
                                                                         recipients, make_resident, village_a):
    r = web(clerk_b).post(reverse(SAVE), {"id_number": recipients[0].resident.id_number, "result": "alive",
                                          "mode": "on_site"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "辖区内没有" in r.content.decode()
    not_receiving = make_resident(village_a)
    r = web(clerk_a).post(reverse(SAVE), {"id_number": not_receiving.id_number, "result": "alive",
                                          "mode": "on_site"})
    assert r.status_code == 400 and "辖区" in r.content.decode()
    assert not Record.objects.exists()
