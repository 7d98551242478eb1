import datetime
import io

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from python_calamine import CalamineWorkbook

from progress.models import Bulletin, ProgressRun
from progress.services import bulletin_issue, iso_week, progress_compute
from progress.tasks import issue_weekly_bulletin


@pytest.fixture
def computed(campaign, targets, year):
    return progress_compute(year=year)


@pytest.mark.django_db
def test_bulletin_ranks_townships_and_names_those_behind_with_the_gap(officer, computed, township_a, township_b, year):
    from .test_dashboard_truths import in_campaign

    in_campaign(year)  # out of the campaign a bulletin gives the final standing instead (issue 11 item 10)
    b = bulletin_issue(actor=officer, year=year)
    c = b.content
    assert b.number == 1 and b.day == computed.day
    top = c["ranking"][:2]
    # A: 4 of 8 (50%), B: 2 of 4 (50%); with targets only these two are ranked before "no target"
    assert {r["code"] for r in top} == {township_a.code, township_b.code}
    a = next(r for r in c["ranking"] if r["code"] == township_a.code)
    assert a["light"] == "far_behind" and a["gap_persons"] == 4  # next milestone (the last one) is 100%
    assert township_a.code in c["behind"]
    assert c["county"]["gap_persons"] == 6


@pytest.mark.django_db
def test_bulletins_are_numbered_per_year_and_kept(officer, computed, year):
    first = bulletin_issue(actor=officer, year=year)
    second = bulletin_issue(actor=officer, year=year)
    assert (first.number, second.number) == (1, 2)
    assert Bulletin.objects.count() == 2


@pytest.mark.django_db
def test_no_bulletin_without_figures(officer, year):
    with pytest.raises(ValidationError):
        bulletin_issue(actor=officer, year=year)


@pytest.mark.django_db
def test_only_county_officers_issue_bulletins(clerk_a, computed, year):
    with pytest.raises(PermissionDenied):
        bulletin_issue(actor=clerk_a, year=year)


@pytest.mark.django_db
def test_weekly_job_computes_and_issues_one_bulletin_per_week(campaign, targets, year):
    first = issue_weekly_bulletin.delay().get()
    again = issue_weekly_bulletin.delay().get()
    assert first == again
    b = Bulletin.objects.get()
    assert b.kind == "weekly" and b.period == iso_week() and b.created_by is None
    assert ProgressRun.objects.filter(trigger="schedule", status="succeeded").count() == 1


@pytest.mark.django_db
def test_bulletin_page_is_printable_a4_and_lists_past_bulletins(web, officer, clerk_b, computed, year):
    b = bulletin_issue(actor=officer, year=year)
    client = web(clerk_b)
    page = client.get("/progress/bulletins/").content.decode()
    assert f"/progress/bulletins/{b.pk}/" in page and 'id="issue"' not in page
    page = client.get(f"/progress/bulletins/{b.pk}/").content.decode()
    assert "征缴进度通报" in page and "进度滞后的乡镇" in page and "data-print" in page
    css = open(finders.find("progress/progress.css"), encoding="utf-8").read()
    assert "size: A4" in css and "@media print" in css


@pytest.mark.django_db
def test_bulletin_excel_has_ranking_and_behind_sheets(web, officer, computed, township_a, year):
    b = bulletin_issue(actor=officer, year=year)
    response = web(officer).get(f"/progress/bulletins/{b.pk}/xlsx/")
    wb = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheet_names == ["排名", "进度滞后"]
    ranking = wb.get_sheet_by_name("排名").to_python()
    assert ranking[2][0] == "名次" and ranking[3][0] == 1
    behind = wb.get_sheet_by_name("进度滞后").to_python()
    assert township_a.name in [r[1] for r in behind[3:]]


@pytest.mark.django_db
def test_issue_button_on_the_list_page(web, officer, computed, year):
    response = web(officer).post("/progress/bulletins/", {"year": year})
    b = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/progress/bulletins/{b.pk}/")
    assert b.created_by == officer and b.kind == "on_demand"
    assert b.day == datetime.date.fromisoformat(b.content["day"])
