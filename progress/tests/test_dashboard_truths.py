"""Issue 11 item 10: dashboard truths. Out of the campaign the dashboard and the bulletins show the year's final
standing, not "far behind" a milestone long past; bulletins carry the county's name; the "%" of the charts sits in
the tick labels, never as an axis name beside the legend."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from progress import selectors
from progress.models import Milestone
from progress.services import bulletin_issue, progress_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(campaign, targets, year):
    return progress_compute(year=year)


def in_campaign(year):
    """A campaign still running today: its last milestone (100%) ten days ahead."""
    Milestone.objects.create(year=year, due_on=timezone.localdate() + datetime.timedelta(days=10),
                             share=100)


def test_after_the_last_milestone_the_dashboard_shows_the_final_standing(web, officer, computed, year):
    # Today is after the default milestones (30 April, 30 May) in the test's calendar or the schedule is closed.
    Milestone.objects.create(year=year, due_on=timezone.localdate() - datetime.timedelta(days=40), share=100)
    assert selectors.schedule_for(year=year).closed
    page = web(officer).get(f"/progress/?year={year}").content.decode()
    assert "严重滞后" not in page
    assert 'id="final-standing"' in page and "未完成全年任务" in page


def test_in_the_campaign_a_township_far_behind_is_still_called_so(web, officer, computed, year):
    in_campaign(year)
    assert not selectors.schedule_for(year=year).closed
    assert "严重滞后" in web(officer).get(f"/progress/?year={year}").content.decode()


def test_a_past_year_is_always_its_final_standing(year):
    assert selectors.schedule_for(year=year - 1).closed


def test_a_closed_years_bulletin_lists_the_townships_short_of_target_without_a_milestone_gap(officer, computed,
                                                                                              township_a, year):
    Milestone.objects.create(year=year, due_on=timezone.localdate() - datetime.timedelta(days=40), share=100)
    c = bulletin_issue(actor=officer, year=year).content
    a = next(r for r in c["ranking"] if r["code"] == township_a.code)
    assert a["light"] == "short" and a["gap_persons"] is None
    assert township_a.code in c["behind"] and c["milestone"] is None


def test_bulletins_carry_the_countys_name(web, officer, computed, county, year):
    b = bulletin_issue(actor=officer, year=year)
    assert b.content["county_name"] == county.name
    page = web(officer).get(f"/progress/bulletins/{b.pk}/").content.decode()
    assert f"<h1>{county.name}" in page
    r = web(officer).get(f"/progress/bulletins/{b.pk}/xlsx/")
    assert county.name in r["Content-Disposition"] or "%" in r["Content-Disposition"]


def test_the_percent_sign_is_in_the_tick_labels_not_an_axis_name_beside_the_legend():
    script = open(finders.find("progress/charts.js"), encoding="utf-8").read()
    assert 'name: "%"' not in script
    assert script.count('formatter: "{value}%"') == 2
    assert 'legend: { type: "scroll", bottom:' in script
