"""Excel import: all rows or none, a reason per row, IDs that Excel turned into numbers, file guards."""

import dataclasses
import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from collection import services
from collection.models import Contribution, ImportRun, ImportStatus
from collection.services import imports
from collection.tests.workbooks import run_import, upload, workbook
from pension import idnumber
from pension.models import OperationLog
from tests.support.personas import COUNTY_CODE

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1970, 5, 17)


@pytest.fixture
def people(make_resident, village_a):
    return [make_resident(village_a, name=f"居民{i}", enrolled=True) for i in range(4)]


# Both ways of loading what the rows are checked against: a temporary table of the file's ID numbers (on
# PostgreSQL, from TEMP_TABLE_FROM numbers) and IN lists. They must give the same verdicts.
@pytest.mark.parametrize("temp_table_from", [1, 10_000], ids=["temp-table", "in-lists"])
def test_messy_workbook_saves_nothing_and_returns_a_reason_per_row(clerk_a, township_a, book_a, people,
                                                                   make_resident, village_b, id_numbers,
                                                                   temp_table_from, monkeypatch):
    monkeypatch.setattr(imports.RowValidator, "TEMP_TABLE_FROM", temp_table_from)
    outsider = make_resident(village_b, name="外乡人", enrolled=True)
    p = people
    rows = [
        [p[0].id_number, p[0].name, 2026, 300, "现金", "26010001", datetime.date(2026, 3, 1)],   # fine
        [float(p[1].id_number.replace("X", "1")), p[1].name, 2026, 300, "现金", "26010002", None],  # ID as number
        ["4.10102E+17", "某人", 2026, 300, "现金", "26010003", None],                            # ID as sci text
        [p[2].id_number, p[2].name, 2026, 350, "银行代扣", "", None],                            # not a grade
        [p[0].id_number, p[0].name, 2026, 500, "银行代扣", "", None],                            # second row, same year
        [id_numbers(), "无此人", 2026, 300, "银行代扣", "", None],                               # not in township
        [p[3].id_number, p[3].name, 2026, 300, "现金", "26010001", None],                        # receipt twice
        [outsider.id_number, outsider.name, 2026, 300, "银行代扣", "", None],                    # other township
        [p[1].id_number[:17] + ("1" if p[1].id_number[17] != "1" else "2"), p[1].name, 2026, 300, "银行代扣", "",
         None],  # bad check digit
    ]
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.REJECTED
    assert run.total_rows == 9 and run.error_rows == 8
    assert Contribution.objects.count() == 0, "nothing may be half-written"
    assert "8" in run.message
    ws = load_workbook(run.error_file.path, read_only=True).active
    data = list(ws.iter_rows(values_only=True))
    body = data[2:]  # title row, header row; then only the rows with errors
    assert [r[0] for r in body] == [3, 4, 5, 6, 7, 8, 9, 10]  # row numbers in the clerk's file
    reasons = [r[-1] for r in body]
    assert all(reasons), reasons
    assert "Text" in reasons[0] or "文本" in reasons[0]
    assert "Text" in reasons[1] or "文本" in reasons[1]
    assert "350" in reasons[2]
    assert "26010001" in reasons[5]


def test_clean_workbook_is_saved_in_one_go_awaiting_review(clerk_a, township_a, book_a, people):
    rows = [[r.id_number, r.name, 2026, 300 + 100 * i, "现金", f"2601{i + 1:04d}", "2026-03-02"]
            for i, r in enumerate(people)]
    rows.append([people[0].id_number, "", 2025, "200", "银行代扣", "", None])  # a back payment, name left empty
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.COMMITTED, run.message
    assert run.saved_rows == 5
    saved = Contribution.objects.order_by("id")
    assert saved.count() == 5
    first = saved.filter(resident=people[0], year=2026).get()
    assert first.status == "entered" and first.maker == clerk_a and first.receipt_book == book_a
    assert first.subsidy_total > 0 and first.paid_on == datetime.date(2026, 3, 2)
    back = saved.get(resident=people[0], year=2025)
    assert back.kind == "back_payment" and back.subsidy_total == 0
    assert OperationLog.objects.filter(action="contribution.import", object_id=str(run.pk)).exists()
    # Running the same run again changes nothing (idempotent task).
    services.import_run_execute(run_id=run.pk)
    assert Contribution.objects.count() == 5


def test_rows_already_paid_in_the_database_are_refused(clerk_a, township_a, book_a, people, enter):
    enter(people[0])
    run = run_import(clerk_a, township_a, workbook([[people[0].id_number, "", 2026, 300, "银行代扣", "", None]]))
    assert run.status == ImportStatus.REJECTED and Contribution.objects.count() == 1


def _error_reason(run) -> str:
    ws = load_workbook(run.error_file.path, read_only=True).active
    return list(ws.iter_rows(values_only=True))[2][-1]


def test_eighteen_digits_ending_in_000_with_a_wrong_check_digit_asks_for_text(clerk_a, township_a, book_a,
                                                                              make_resident, village_a):
    # Sequence 799 → "…7990" + check digit; cut to 15 digits + "000" the check digit is wrong.
    person = make_resident(village_a, enrolled=True, id_number=idnumber.build(COUNTY_CODE, BIRTH, 799))
    mangled = person.id_number[:15] + "000"
    with pytest.raises(ValidationError):
        idnumber.parse(mangled)
    run = run_import(clerk_a, township_a, workbook([[mangled, "", 2026, 300, "银行代扣", "", None]]))
    reason = _error_reason(run)
    assert "Text" in reason or "文本" in reason


def test_eighteen_digits_ending_in_000_with_a_valid_check_digit_and_nobody_also_asks_for_text(
        clerk_a, township_a, book_a, make_resident, village_a):
    # One number in eleven that Excel rounded to "…000" happens to carry a valid check digit (here sequence 801
    # → "…8000"): nobody has it, and the clerk is told the likely cause, not only that nobody has it. Before,
    # whether the test above met this case depended on how many ID numbers earlier tests had made.
    person = make_resident(village_a, enrolled=True, id_number=idnumber.build(COUNTY_CODE, BIRTH, 801))
    mangled = person.id_number[:15] + "000"
    assert idnumber.parse(mangled).number == mangled
    run = run_import(clerk_a, township_a, workbook([[mangled, "", 2026, 300, "银行代扣", "", None]]))
    reason = _error_reason(run)
    assert "Text" in reason or "文本" in reason
    assert township_a.name in reason


def test_an_unknown_number_not_ending_in_000_only_says_nobody_has_it(clerk_a, township_a, book_a, people):
    unknown = idnumber.build(COUNTY_CODE, BIRTH, 803)
    run = run_import(clerk_a, township_a, workbook([[unknown, "", 2026, 300, "银行代扣", "", None]]))
    reason = _error_reason(run)
    assert township_a.name in reason and "文本" not in reason and "Text" not in reason


def test_zip_bomb_is_refused_before_reading(clerk_a, township_a):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    run = run_import(clerk_a, township_a, buf.getvalue())
    assert run.status == ImportStatus.FAILED and ("zip" in run.message.lower() or "压缩" in run.message)
    assert Contribution.objects.count() == 0


def test_not_a_workbook_is_refused(clerk_a, township_a):
    run = run_import(clerk_a, township_a, b"name,id\n1,2\n")
    assert run.status == ImportStatus.FAILED and run.message


def test_too_many_rows_is_refused(clerk_a, township_a, people, monkeypatch):
    monkeypatch.setattr(imports.workbook, "LIMITS", dataclasses.replace(imports.LIMITS, max_rows=3))
    rows = [[p.id_number, "", 2026, 300, "银行代扣", "", None] for p in people]
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.FAILED and "3" in run.message


def test_over_20_mb_is_refused_at_upload(clerk_a, township_a, monkeypatch):
    monkeypatch.setattr(imports.workbook, "LIMITS", dataclasses.replace(imports.LIMITS, max_bytes=10))
    with pytest.raises(Exception) as exc:
        services.import_run_create(actor=clerk_a, township=township_a, upload=upload(b"x" * 11))
    assert "file" in exc.value.message_dict


def test_clerk_cannot_import_into_another_township(clerk_a, township_b):
    with pytest.raises(Http404):  # another township is absent, as to every selector
        services.import_run_create(actor=clerk_a, township=township_b, upload=upload(workbook([])))
    assert not ImportRun.objects.exists()


def test_page_says_nothing_was_saved_and_offers_the_error_workbook(web, clerk_a, township_a, book_a, people):
    c = web(clerk_a)
    content = workbook([[float(people[0].id_number.replace("X", "0")), "", 2026, 300, "银行代扣", "", None]])
    r = c.post(reverse("collection:import_upload"), {"township": township_a.pk,
                                                     "file": upload(content)}, follow=True)
    assert r.status_code == 200
    text = r.content.decode()
    assert "没有保存" in text or "Nothing was saved" in text
    run = ImportRun.objects.get()
    r = c.get(reverse("collection:import_errors", args=[run.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_large_file_runs_as_a_celery_task_after_commit(web, clerk_a, township_a, book_a, people, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    from collection.views import imports as import_views

    monkeypatch.setattr(import_views, "INLINE_MAX_BYTES", 0)
    content = workbook([[p.id_number, p.name, 2026, 300, "银行代扣", "", None] for p in people])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = web(clerk_a).post(reverse("collection:import_upload"), {"township": township_a.pk,
                                                                    "file": upload(content)})
    assert len(callbacks) >= 1 and r.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.COMMITTED and Contribution.objects.count() == 4
    # The progress fragment polled by htmx answers for the run.
    r = web(clerk_a).get(reverse("collection:import_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert b"import-status" in r.content and b"100" in r.content


def test_large_file_path_reads_the_files_people_and_still_refuses_paid_rows(clerk_a, township_a, book_a, people,
                                                                            enter, monkeypatch):
    # On PostgreSQL this is the temporary-table path; elsewhere the IN-list path.
    monkeypatch.setattr(imports.RowValidator, "TEMP_TABLE_FROM", 1)
    enter(people[0], year=2025)
    rows = [[p.id_number, p.name, 2026, 300, "银行代扣", "", None] for p in people]
    rows.append([people[0].id_number, "", 2025, 300, "银行代扣", "", None])
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.REJECTED and run.error_rows == 1
    run = run_import(clerk_a, township_a, workbook(rows[:-1]))
    assert run.status == ImportStatus.COMMITTED and run.saved_rows == 4


# --- interrupted runs -------------------------------------------------------------------------------------


def _uploaded(clerk, township, people) -> ImportRun:
    content = workbook([[p.id_number, p.name, 2026, 300, "银行代扣", "", None] for p in people])
    return services.import_run_create(actor=clerk, township=township, upload=upload(content))


def test_a_run_interrupted_mid_check_is_run_again_by_the_resume_job(clerk_a, township_a, people):
    from collection.tasks import resume_imports

    run = _uploaded(clerk_a, township_a, people)
    # A worker took it an hour ago and was killed: nothing was written, the run still says "running".
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, processed_rows=2,
                                               started_at=timezone.now() - datetime.timedelta(hours=1))
    assert resume_imports() == 1
    run.refresh_from_db()
    assert run.status == ImportStatus.COMMITTED and run.saved_rows == 4
    assert Contribution.objects.count() == 4


def test_a_run_another_worker_is_running_is_left_alone(clerk_a, township_a, people):
    from collection.tasks import resume_imports

    run = _uploaded(clerk_a, township_a, people)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING,
                                               started_at=timezone.now() - datetime.timedelta(minutes=1))
    assert resume_imports() == 0
    # A redelivered task for the same run does not start a second check beside the first.
    assert services.import_run_execute(run_id=run.pk).status == ImportStatus.RUNNING
    assert Contribution.objects.count() == 0


def test_a_run_whose_task_was_lost_is_queued_again(clerk_a, township_a, people):
    from collection.tasks import resume_imports

    run = _uploaded(clerk_a, township_a, people)
    assert resume_imports() == 0  # just uploaded: its task may still be on its way
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    assert resume_imports() == 1
    run.refresh_from_db()
    assert run.status == ImportStatus.COMMITTED
    assert resume_imports() == 0  # finished runs are never touched again


def test_hostile_numbers_in_a_workbook_are_refused_per_row_and_the_run_finishes(clerk_a, township_a, book_a,
                                                                                people):
    """1e30, NaN, three decimals and digits that are not ASCII: each row refused with a reason, nothing saved,
    and the run ends "rejected" (never left "running")."""
    p = people
    rows = [
        [p[0].id_number, p[0].name, "٢٠٢٦", 300, "银行代扣", "", None],           # Arabic-Indic year
        [p[1].id_number, p[1].name, 2026, 1e30, "银行代扣", "", None],            # a float far past any grade
        [p[2].id_number, p[2].name, 2026, "NaN", "银行代扣", "", None],
        [p[3].id_number, p[3].name, 2026, "300.004", "现金", "2601000①", None],   # three decimals, ① receipt
        [p[0].id_number, p[0].name, 99999999999999999999, 300, "银行代扣", "", "2026-02-30"],
    ]
    run = run_import(clerk_a, township_a, workbook(rows))
    assert run.status == ImportStatus.REJECTED, run.message
    assert run.error_rows == 5 and run.finished_at is not None
    assert Contribution.objects.count() == 0
    reasons = [r[-1] for r in list(load_workbook(run.error_file.path, read_only=True).active.iter_rows(
        values_only=True))[2:]]
    assert len(reasons) == 5 and all(reasons), reasons
