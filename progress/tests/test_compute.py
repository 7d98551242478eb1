import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from collection import selectors as collection_selectors
from collection.models import Contribution
from enrollment.models import Enrollment, Resident
from pension.models import Area, AreaLevel, OperationLog
from progress import selectors
from progress.models import ProgressRun, Snapshot
from progress.services import progress_compute, progress_run_request


def independent_count(year):
    """The same figures counted row by row in Python, without the aggregate queries."""
    village_of = {r.id: r.village_id for r in Resident.objects.all()}
    status_of = {r.id: r.enrolment_status for r in Resident.objects.all()}
    township_of = dict(Area.objects.filter(level=AreaLevel.VILLAGE).values_list("id", "township_id"))
    live = [c for c in Contribution.objects.all() if c.status in ("entered", "returned", "approved")]
    paid_now = {c.resident_id for c in live if c.year == year}
    paid_before = {c.resident_id for c in live if c.year == year - 1}
    figures = defaultdict(lambda: defaultdict(Decimal))

    def add(village_id, key, value=1):
        for area in (village_id, township_of[village_id], "county"):
            figures[area][key] += value

    for r in Resident.objects.all():
        if r.enrolment_status == "active":
            add(r.village_id, "enrolled")
            if r.birth_date.year == year - 60:
                add(r.village_id, "newly_of_age")
            # Issue 10 item 1: only residents of paying age (16-59 during the year) can be unpaid.
            if r.id not in paid_now and 16 <= year - r.birth_date.year <= 59:
                add(r.village_id, "unpaid")
    for rid in paid_now:
        add(village_of[rid], "paying")
        add(village_of[rid], "renewals" if rid in paid_before else "new_payers")
    for c in live:
        if c.year == year:
            add(village_of[c.resident_id], "amount", c.personal_amount)
    for rid in {e.resident_id for e in Enrollment.objects.all() if e.enrolled_on.year == year}:
        add(village_of[rid], "new_enrollees")
    assert all(status_of[rid] for rid in paid_now)
    return figures


FIELDS = ("enrolled", "paying", "renewals", "new_payers", "new_enrollees", "amount", "newly_of_age", "unpaid")


@pytest.mark.django_db
def test_snapshot_numbers_equal_an_independent_count(campaign, targets, year, county):
    run = progress_compute(year=year)
    assert run.status == "succeeded" and run.rows == Snapshot.objects.filter(run=run).count()
    expected = independent_count(year)
    snapshots = {s.area_id: s for s in Snapshot.objects.filter(run=run)}
    # every township and village of the county has a row, plus the county
    assert len(snapshots) == Area.objects.filter(level__in=["township", "village"]).count() + 1
    for area_id, snap in snapshots.items():
        key = "county" if snap.level == "county" else area_id
        for field in FIELDS:
            assert Decimal(getattr(snap, field)) == expected[key][field], (snap.area.name, field)
    county_row = snapshots[county.id]
    assert county_row.paying == 6 and county_row.amount == Decimal("1800.00")


@pytest.mark.django_db
def test_renewals_are_payers_who_also_paid_last_year_and_reversed_rows_do_not_count(
    campaign, year, village_a, village_a2
):
    progress_compute(year=year)
    a = Snapshot.objects.get(area=village_a, current=True)
    # renew1 and renew2 renew; first is new; reversed counts nowhere; unpaid has not paid; sixty reaches 60
    # this year, pays no yearly contribution and is not unpaid (issue 10 item 1)
    assert (a.paying, a.renewals, a.new_payers) == (3, 2, 1)
    assert a.amount == Decimal("1100.00")  # 500 + 200 + 100 (back payment) + 300
    assert a.unpaid == 2 and a.newly_of_age == 1
    a2 = Snapshot.objects.get(area=village_a2, current=True)
    assert (a2.paying, a2.new_enrollees, a2.unpaid) == (1, 1, 1)


@pytest.mark.django_db
def test_a_cancelled_entry_leaves_the_resident_unpaid_and_on_the_work_list(campaign, pay, year, village_a, officer):
    pay(campaign["unpaid"], year, "300.00", status="cancelled")  # handed back by the township
    progress_compute(year=year)
    a = Snapshot.objects.get(area=village_a, current=True)
    assert (a.paying, a.unpaid, a.amount) == (3, 2, Decimal("1100.00"))
    assert "张四" in {r.name for r in selectors.worklist(user=officer, year=year, village=village_a)}


@pytest.mark.django_db
def test_targets_roll_up_township_row_wins_and_county_sums_townships(
    campaign, targets, year, township_a, township_b, village_a, county
):
    progress_compute(year=year)
    ta = Snapshot.objects.get(area=township_a, current=True)
    assert (ta.target_paying, ta.eligible) == (8, 12)
    assert ta.pct_target == Decimal("50.00")  # 4 of 8
    assert ta.enrolment_rate == Decimal("66.67")  # 8 of 12
    va = Snapshot.objects.get(area=village_a, current=True)
    assert va.target_paying == 6 and va.pct_target == Decimal("50.00")
    c = Snapshot.objects.get(area=county, current=True)
    assert (c.target_paying, c.target_amount, c.eligible) == (12, Decimal("3600.00"), 18)
    assert c.pct_target == Decimal("50.00") and c.pct_amount == Decimal("50.00")


@pytest.mark.django_db
def test_township_without_own_target_gets_the_sum_of_its_villages(
    campaign, officer, year, township_a, village_a, village_a2
):
    from progress.models import Target

    for v, n in ((village_a, 6), (village_a2, 2)):
        Target.objects.create(year=year, area=v, township=township_a, enrolment_target=n, paying_target=n,
                              amount_target=Decimal(100 * n), eligible=n + 1, created_by=officer)
    progress_compute(year=year)
    ta = Snapshot.objects.get(area=township_a, current=True)
    assert (ta.target_paying, ta.target_amount, ta.eligible) == (8, Decimal("800.00"), 10)


@pytest.mark.django_db
def test_recomputing_the_same_day_keeps_one_current_row_per_area_and_follows_new_data(
    campaign, pay, year, village_a
):
    first = progress_compute(year=year)
    second = progress_compute(year=year)
    assert first.pk != second.pk and second.status == "succeeded"
    assert Snapshot.objects.filter(current=True).count() == second.rows
    assert Snapshot.objects.filter(run=first, current=True).count() == 0
    assert Snapshot.objects.filter(run=first).count() == first.rows  # superseded, not deleted
    before = Snapshot.objects.get(area=village_a, current=True)
    pay(campaign["unpaid"], year, "300.00")
    third = progress_compute(year=year)
    after = Snapshot.objects.get(area=village_a, current=True)
    assert after.run_id == third.pk and after.paying == before.paying + 1 and after.unpaid == before.unpaid - 1
    rows = Snapshot.objects.filter(current=True, year=year).values_list("area_id", "day")
    assert len(rows) == len(set(rows))


@pytest.mark.django_db
def test_a_finished_run_is_not_computed_again_when_its_task_is_redelivered(campaign, year):
    run = progress_compute(year=year)
    again = progress_compute(run_id=run.pk)
    assert again.pk == run.pk and Snapshot.objects.filter(run=run).count() == run.rows
    assert ProgressRun.objects.count() == 1


@pytest.mark.django_db
def test_a_failed_run_records_its_error_and_writes_no_snapshot(campaign, year, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(collection_selectors, "payment_counts_by_village", broken)
    with pytest.raises(RuntimeError):
        progress_compute(year=year)
    run = ProgressRun.objects.get()
    assert run.status == "failed" and "database went away" in run.error and run.finished_at is not None
    assert not Snapshot.objects.exists()


@pytest.mark.django_db
def test_compute_progress_command_leaves_a_run_record(campaign, year, capsys):
    call_command("compute_progress", "--year", str(year))
    run = ProgressRun.objects.get()
    assert run.trigger == "command" and run.status == "succeeded" and run.rows > 0
    assert f"run #{run.pk}" in capsys.readouterr().out
    assert OperationLog.objects.filter(action="progress.compute", object_id=str(run.pk)).exists()


@pytest.mark.django_db
def test_a_past_year_can_be_computed(campaign, year):
    run = progress_compute(year=year - 1)
    c = Snapshot.objects.get(run=run, level="county")
    assert c.year == year - 1 and c.paying == 2  # renew1 and renew2 paid last year (reversed row excluded)


@pytest.mark.django_db
def test_on_demand_button_queues_a_run_that_runs_after_commit(campaign, officer, year,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = progress_run_request(actor=officer, year=year)
        assert ProgressRun.objects.get(pk=run.pk).status == "queued"
    run.refresh_from_db()
    assert run.status == "succeeded" and run.trigger == "button" and run.requested_by == officer


@pytest.mark.django_db
def test_township_clerk_cannot_start_a_computation(clerk_a, year):
    with pytest.raises(PermissionDenied):
        progress_run_request(actor=clerk_a, year=year)


@pytest.mark.django_db
def test_beat_schedule_is_registered_for_the_county_to_edit():
    tasks = set(PeriodicTask.objects.filter(enabled=True).values_list("task", flat=True))
    assert {"progress.compute_progress_scheduled", "progress.issue_weekly_bulletin"} <= tasks
    weekly = PeriodicTask.objects.get(task="progress.issue_weekly_bulletin")
    assert weekly.crontab.day_of_week == "1" and str(weekly.crontab.timezone) == "Asia/Shanghai"


@pytest.mark.django_db
def test_scheduled_task_computes_the_current_year(campaign, year):
    from progress.tasks import compute_progress_scheduled

    run = ProgressRun.objects.get(pk=compute_progress_scheduled.delay().get())
    assert run.year == year and run.trigger == "schedule" and run.status == "succeeded"


def test_expected_share_runs_straight_to_each_milestone():
    from progress.models import Milestone

    ms = [Milestone(due_on=datetime.date(2026, 4, 30), share=Decimal(90)),
          Milestone(due_on=datetime.date(2026, 5, 30), share=Decimal(100))]
    start = datetime.date(2026, 1, 1)
    assert selectors.expected_share(day=start, start=start, milestones=ms) == Decimal("0.00")
    assert selectors.expected_share(day=datetime.date(2026, 4, 30), start=start, milestones=ms) == Decimal("90.00")
    assert selectors.expected_share(day=datetime.date(2026, 5, 15), start=start, milestones=ms) == Decimal("95.00")
    assert selectors.expected_share(day=datetime.date(2026, 11, 1), start=start, milestones=ms) == Decimal("100.00")
    mid = selectors.expected_share(day=datetime.date(2026, 3, 1), start=start, milestones=ms)
    assert Decimal("43") < mid < Decimal("45")  # 59 of 119 days towards 90%


def test_traffic_light_uses_the_thresholds():
    sched = selectors.Schedule(day=datetime.date(2026, 4, 1), expected=Decimal("70"), milestone=None,
                               behind_points=Decimal("5"), far_behind_points=Decimal("15"))
    assert sched.light(Decimal("80")) == "on_track"
    assert sched.light(Decimal("65")) == "on_track"
    assert sched.light(Decimal("64.99")) == "behind"
    assert sched.light(Decimal("55")) == "behind"
    assert sched.light(Decimal("54.99")) == "far_behind"
    assert sched.light(None) == "none"


@pytest.mark.django_db
def test_demo_seeder_sets_township_targets_and_computes(county, campaign, officer, year):
    import random

    from progress.demo import already_seeded, seed_targets
    from progress.models import Target

    summary = seed_targets(county=county, residents=0, rng=random.Random(1), staff=[officer])
    assert already_seeded() and "snapshot rows" in summary
    assert Target.objects.filter(year=year, area__level="township").count() == county.children.count()
    assert all(t.paying_target <= t.enrolment_target <= t.eligible for t in Target.objects.all())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_computations_at_the_same_moment_leave_one_current_row_per_area(campaign, year):
    import threading

    from django.db import connection as main_connection

    results, errors = [], []

    def run():
        from django.db import connection

        try:
            results.append(progress_compute(year=year))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(results) == 3 and all(r.status == "succeeded" for r in results)
    rows = list(Snapshot.objects.filter(year=year, current=True).values_list("area_id", "day"))
    assert len(rows) == len(set(rows)) == results[0].rows
    assert main_connection.vendor == "postgresql"


@pytest.mark.django_db
def test_a_66_year_old_who_paid_nothing_is_neither_unpaid_nor_on_the_work_list(make_resident, village_a, year,
                                                                                 officer):
    """Issue 10 item 1: from 60 there is no yearly contribution, so nobody aged 60+ is counted as unpaid."""
    make_resident(village_a, name="刘老汉", enrolled=True, birth=datetime.date(year - 66, 2, 1))
    make_resident(village_a, name="张年轻", enrolled=True, birth=datetime.date(year - 30, 2, 1))
    progress_compute(year=year)
    a = Snapshot.objects.get(area=village_a, current=True)
    assert (a.enrolled, a.unpaid) == (2, 1)
    assert [r.name for r in selectors.worklist(user=officer, year=year, village=village_a)] == ["张年轻"]
