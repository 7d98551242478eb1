import io

import pytest
from python_calamine import CalamineWorkbook

from pension import idnumber
from progress.models import ProgressRun
from progress.services import progress_compute


@pytest.fixture
def computed(campaign, targets, year):
    return progress_compute(year=year)


def xlsx_rows(response):
    return CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()


@pytest.mark.django_db
def test_county_dashboard_ranks_townships_with_traffic_lights_in_chinese(web, officer, computed, township_a, year):
    from .test_dashboard_truths import in_campaign

    in_campaign(year)  # out of the campaign the dashboard gives the final standing (issue 11 item 10)
    page = web(officer).get(f"/progress/?year={year}").content.decode()
    assert "征缴进度" in page and "各乡镇完成率排名" in page
    assert f'/progress/township/{township_a.code}/' in page
    assert "严重滞后" in page  # ten days before the 100% milestone, 50% is far behind
    assert "vendor/echarts.min.js" in page and 'id="chart-data"' in page
    assert 'id="compute-now"' in page


@pytest.mark.django_db
def test_township_clerk_sees_the_whole_ranking_but_drills_only_into_own_township(
    web, clerk_a, computed, township_a, township_b, year
):
    client = web(clerk_a)
    page = client.get(f"/progress/?year={year}").content.decode()
    assert township_b.name in page  # the ranking of township totals
    assert f'/progress/township/{township_b.code}/' not in page
    assert 'id="compute-now"' not in page
    assert client.get(f"/progress/township/{township_a.code}/?year={year}").status_code == 200
    assert client.get(f"/progress/township/{township_b.code}/?year={year}").status_code == 404


@pytest.mark.django_db
def test_clerk_of_township_b_gets_404_on_township_a_village_work_list_and_export(
    web, clerk_b, computed, village_a, year
):
    client = web(clerk_b)
    assert client.get(f"/progress/village/{village_a.pk}/worklist/?year={year}").status_code == 404
    assert client.get(f"/progress/village/{village_a.pk}/worklist/export/?year={year}").status_code == 404


@pytest.mark.django_db
def test_village_page_lists_villages_with_unpaid_counts_and_links_to_work_lists(
    web, officer, computed, township_a, village_a, year
):
    page = web(officer).get(f"/progress/township/{township_a.code}/?year={year}").content.decode()
    assert village_a.name in page and f"/progress/village/{village_a.pk}/worklist/" in page


@pytest.mark.django_db
def test_work_list_shows_enrolled_residents_without_a_live_contribution_with_masked_ids(
    web, clerk_a, campaign, village_a, year
):
    response = web(clerk_a).get(f"/progress/village/{village_a.pk}/worklist/?year={year}")
    page = response.content.decode()
    names = {r.name for r in response.context["page"].object_list}
    assert names == {"张四", "张五"}  # unpaid, reversed only; 张七 reaches 60 and pays no more (issue 10 item 1)
    assert campaign["unpaid"].id_number not in page
    assert idnumber.mask(campaign["unpaid"].id_number) in page


@pytest.mark.django_db
def test_work_list_export_is_an_excel_file_with_masked_ids(web, officer, campaign, village_a, year):
    rows = xlsx_rows(web(officer).get(f"/progress/village/{village_a.pk}/worklist/export/?year={year}"))
    body = rows[3:]  # two title rows, then the header
    assert rows[2][0] == "姓名"
    assert sorted(r[0] for r in body) == sorted(["张四", "张五"])
    ids = {r[1] for r in body}
    assert idnumber.mask(campaign["unpaid"].id_number) in ids and campaign["unpaid"].id_number not in ids
    reversed_row = next(r for r in body if r[0] == "张五")
    assert reversed_row[-1] == "否"


@pytest.mark.django_db
def test_village_assistant_sees_own_village_work_list_only(web, assistant_a, campaign, village_a, village_a2,
                                                            township_a, year):
    client = web(assistant_a)
    assert client.get(f"/progress/village/{village_a.pk}/worklist/?year={year}").status_code == 200
    assert client.get(f"/progress/village/{village_a2.pk}/worklist/?year={year}").status_code == 404
    assert client.get(f"/progress/township/{township_a.code}/?year={year}").status_code == 404


@pytest.mark.django_db
def test_on_demand_button_queues_a_run_visible_in_the_run_list(web, officer, campaign, year,
                                                               django_capture_on_commit_callbacks):
    client = web(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/progress/compute/", {"year": year})
    assert response.status_code == 302
    run = ProgressRun.objects.get()
    assert run.status == "succeeded"
    page = client.get("/progress/runs/").content.decode()
    assert "成功" in page and "手动" in page


@pytest.mark.django_db
def test_clerks_cannot_start_runs_or_see_the_run_list(web, clerk_a, year):
    client = web(clerk_a)
    assert client.post("/progress/compute/", {"year": year}).status_code == 403
    assert client.get("/progress/runs/").status_code == 403
    assert not ProgressRun.objects.exists()


@pytest.mark.django_db
def test_failed_run_shows_its_error_to_the_county(web, auditor, year):
    ProgressRun.objects.create(year=year, trigger="schedule", status="failed", error="OperationalError: boom")
    page = web(auditor).get("/progress/runs/").content.decode()
    assert "失败" in page and "OperationalError: boom" in page


@pytest.mark.django_db
def test_admin_post_sees_no_progress_pages(web, admin_user, year):
    assert web(admin_user).get("/progress/").status_code == 403


@pytest.mark.django_db
def test_nav_shows_progress_items_by_post(web, officer, clerk_a):
    page = web(officer).get("/").content.decode()
    assert "/progress/" in page and "/progress/runs/" in page and "/progress/bulletins/" in page
    page = web(clerk_a).get("/").content.decode()
    assert "/progress/" in page and "/progress/runs/" not in page


@pytest.mark.django_db
def test_county_officer_edits_the_beat_schedule_on_the_runs_page(web, officer, auditor):
    from django_celery_beat.models import PeriodicTask

    from pension.models import OperationLog

    task = PeriodicTask.objects.get(name="progress: compute snapshots (morning)")
    client = web(officer)
    page = client.get("/progress/runs/").content.decode()
    assert "计算当日进度快照" in page and 'name="minute"' in page
    client.post("/progress/runs/", {"task": task.pk, "minute": "0", "hour": "7", "day_of_week": "*"})
    task.refresh_from_db()
    assert (task.crontab.minute, task.crontab.hour, task.enabled) == ("0", "7", False)
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert OperationLog.objects.filter(action="progress.schedule", object_id=str(task.pk)).exists()
    response = client.post("/progress/runs/", {"task": task.pk, "minute": "61", "hour": "7", "day_of_week": "*",
                                               "enabled": "on"}, follow=True)
    assert "无效" in response.content.decode()
    task.refresh_from_db()
    assert task.crontab.minute == "0"
    # the auditor reads the schedule but cannot change it
    assert 'name="minute"' not in web(auditor).get("/progress/runs/").content.decode()
    assert web(auditor).post("/progress/runs/", {"task": task.pk, "minute": "1", "hour": "1",
                                                 "day_of_week": "*"}).status_code == 403
