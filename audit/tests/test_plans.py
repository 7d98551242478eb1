"""Quarterly plans: templates seeded from the seed text, the beat job, the reproducible sample of the quarter,
spot-check answers, the daily supervision record form."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from audit import sampling, services
from audit.models import AuditPlan, CheckItem, FocusArea, SampleRecord
from audit.services.plans import draw
from audit.tasks import create_quarterly_plan_task
from collection import services as collection_services
from collection.models import Contribution
from pension.errors import Conflict
from pension.models import OperationLog

from .conftest import at

pytestmark = pytest.mark.django_db
Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def test_the_eight_focus_areas_are_seeded_word_for_word_from_seed_plans_3_and_4():
    areas = list(FocusArea.objects.filter(retired_at__isnull=True).order_by("number"))
    assert [a.number for a in areas] == list(range(1, 9))
    assert areas[0].title == "养老保险费缴费基数的调整"
    assert areas[7].title == "参保人员关键信息修改"
    assert "是否存在对已退休人员违规调整缴费基数的行为。" in [i.text for i in areas[0].items.all()]
    assert "社保基金存储优惠利率协议" in areas[6].text
    assert CheckItem.objects.count() >= 24


@pytest.fixture
def approved(make_resident, village_a, clerk_a, officer):
    """Contributions approved on given days (the approval's time set to the day)."""
    from collection.models import ReceiptBook

    book = ReceiptBook.objects.create(township_id=village_a.township_id, first_number="26050001",
                                      last_number="26050999", issued_by=officer)
    ReceiptBook.objects.filter(pk=book.pk).update(issued_at=at(datetime.date(2026, 1, 2)))
    numbers = iter(f"2605{n:04d}" for n in range(1, 999))

    def make(day, grade="300"):
        r = make_resident(village_a, enrolled=True, name="李四")
        c = collection_services.contribution_enter(actor=clerk_a, resident=r, year=2026, grade=grade,
                                                   paid_on=datetime.date(2026, 3, 2), channel="cash",
                                                   receipt_number=next(numbers))
        with pytest.MonkeyPatch.context() as mp:  # approved on that day
            mp.setattr(timezone, "now", lambda: at(day))
            collection_services.contribution_approve(actor=officer, contribution=c)
        return Contribution.objects.get(pk=c.pk)
    return make


def test_the_beat_job_creates_last_quarters_plan_due_on_the_10th_once(auditor, approved):
    approved(datetime.date(2026, 8, 5))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 10, 1))
        assert create_quarterly_plan_task.delay().get() == "2026Q3"
        assert create_quarterly_plan_task.delay().get() == "exists"
    plan = AuditPlan.objects.get()
    assert (plan.year, plan.quarter, plan.period_start, plan.period_end) == (2026, 3, *Q3)
    assert plan.due_on == datetime.date(2026, 10, 10)
    assert plan.areas.count() == 8 and plan.areas.get(number=1).items.count() == 4
    assert OperationLog.objects.filter(action="audit_plan.create").count() == 1


def test_a_sample_never_holds_a_record_from_outside_its_quarter(auditor, approved):
    inside = [approved(datetime.date(2026, 7, 1)), approved(datetime.date(2026, 9, 30)),
              approved(datetime.date(2026, 8, 15))]
    approved(datetime.date(2026, 6, 30))
    approved(datetime.date(2026, 10, 1))
    plan = services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=50)
    keys = set(SampleRecord.objects.filter(plan=plan, kind="collection.contribution_approval")
               .values_list("key", flat=True))
    assert keys == {str(c.pk) for c in inside}
    assert all(Q3[0] <= s.occurred_on <= Q3[1] for s in plan.samples.all())


def test_the_draw_is_reproduced_exactly_from_the_stored_seed(auditor, approved):
    for d in range(1, 29):
        approved(datetime.date(2026, 7, d))
    plan = services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=5)
    stored = list(plan.samples.filter(area__number=4).values_list("kind", "key", "position"))
    assert len([s for s in stored if s[0] == "collection.contribution_approval"]) == 5
    again = draw(plan=plan, area=plan.areas.get(number=4))
    assert [(r["kind"], r["key"], r["position"]) for r in again] == stored
    other = services.plan_create(actor=auditor, year=2026, quarter=2, sample_size=5)
    other.period_start, other.period_end, other.seed = plan.period_start, plan.period_end, plan.seed + 1
    assert [r["key"] for r in draw(plan=other, area=other.areas.get(number=4))] != [s[1] for s in stored]


def test_only_kinds_that_exist_are_drawn_and_a_new_kind_joins_without_changing_the_sampler(auditor, approved):
    approved(datetime.date(2026, 7, 3))
    kind = sampling.SampleKind("nosuchapp.award", "Awards", "nosuchapp", (6,), lambda s, e: [(1, s)],
                               lambda keys: dict.fromkeys(keys, ("x", "")))
    sampling.register(kind)
    extra = sampling.SampleKind("audit.test_kind", "Test", "audit", (6,),
                                lambda s, e: [(7, s), (8, e), (9, e + datetime.timedelta(days=1))],
                                lambda keys: {k: (f"case {k}", "/") for k in keys})
    sampling.register(extra)
    try:
        plan = services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=5)
    finally:
        del sampling.REGISTRY["nosuchapp.award"], sampling.REGISTRY["audit.test_kind"]
    area6 = plan.areas.get(number=6)
    assert "nosuchapp.award" not in area6.sample_kinds
    assert sorted(area6.samples.values_list("key", flat=True)) == ["7", "8"]


def test_a_plan_for_a_quarter_not_begun_or_twice_is_refused(auditor):
    with pytest.raises(ValidationError):
        services.plan_create(actor=auditor, year=2099, quarter=1)
    services.plan_create(actor=auditor, year=2026, quarter=1)
    with pytest.raises(Conflict):
        services.plan_create(actor=auditor, year=2026, quarter=1)


def test_only_auditors_make_plans_and_answer(officer, leader):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=officer, year=2026, quarter=1)
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=leader, year=2026, quarter=1)


@pytest.fixture
def plan(auditor, approved):
    approved(datetime.date(2026, 7, 10))
    approved(datetime.date(2026, 8, 10))
    return services.plan_create(actor=auditor, year=2026, quarter=3, sample_size=5)


def test_an_answer_is_saved_logged_and_a_problem_needs_notes(auditor, plan):
    sample = plan.samples.filter(area__number=4).first()
    item = sample.area.items.first()
    with pytest.raises(ValidationError) as exc:
        services.spotcheck_answer(actor=auditor, sample=sample, item=item, answer="problem", method="system")
    assert "notes" in exc.value.message_dict
    services.spotcheck_answer(actor=auditor, sample=sample, item=item, answer="compliant", method="paper")
    services.spotcheck_answer(actor=auditor, sample=sample, item=item, answer="problem", method="system",
                              notes="记账数额与到账不符")
    assert sample.answers.get().answer == "problem"
    assert OperationLog.objects.filter(action="audit_answer.save").count() == 2


def test_a_plan_completes_only_when_every_item_is_answered_and_then_is_frozen(auditor, plan):
    with pytest.raises(ValidationError):
        services.plan_complete(actor=auditor, plan=plan)
    for sample in plan.samples.all():
        for item in sample.area.items.all():
            services.spotcheck_answer(actor=auditor, sample=sample, item=item, answer="compliant", method="system")
    services.plan_complete(actor=auditor, plan=plan)
    sample = plan.samples.first()
    with pytest.raises(Conflict):
        services.spotcheck_answer(actor=auditor, sample=sample, item=sample.area.items.first(), answer="na",
                                  method="system")


def test_the_record_form_is_excel_in_the_seeds_layout_with_user_text_never_a_formula(auditor, plan, web):
    sample = plan.samples.filter(area__number=4).first()
    services.spotcheck_answer(actor=auditor, sample=sample, item=sample.area.items.first(), answer="problem",
                              method="onsite", notes="=HYPERLINK(\"x\")")
    response = web(auditor).get(f"/audit/plans/{plan.pk}/record-form.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws.title == "日常监督记录表" and ws["A1"].value == "日常监督记录表"
    headers = ["序号", "监督重点", "检查事项", "抽查记录数", "抽查方式", "检查情况", "问题及说明"]
    assert [c.value for c in ws[4]] == headers
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    assert ws.page_setup.orientation == "landscape"
    page = web(auditor).get(f"/audit/plans/{plan.pk}/record-form/")
    assert "日常监督记录表" in page.content.decode()


def test_template_edits_retire_the_old_row_and_leave_existing_plans_untouched(auditor, plan):
    area = FocusArea.objects.get(number=1, retired_at__isnull=True)
    item = area.items.first()
    services.check_item_save(actor=auditor, focus_area=area, item=item, text="新的检查事项。")
    item.refresh_from_db()
    assert item.retired_at is not None
    assert plan.areas.get(number=1).items.first().text != "新的检查事项。"
    services.focus_area_save(actor=auditor, number=1, title="缴费档次调整", text="")
    assert FocusArea.objects.get(number=1, retired_at__isnull=True).items.filter(text="新的检查事项。").exists()


@pytest.mark.parametrize("number", ["1e30", "1.234", "①", "2026-02-30", "x" * 5000, "-1", "99"])
def test_a_focus_area_number_that_is_not_1_to_20_is_refused_in_chinese_not_a_500(web, auditor, number):
    response = web(auditor).post("/audit/templates/", {"kind": "area", "number": number, "title": "标题"},
                                 follow=True)
    assert response.status_code == 200
    assert "监督重点序号为1至20" in response.content.decode()
    assert not FocusArea.objects.filter(title="标题").exists()


def test_a_full_width_focus_area_number_is_read_as_ascii(auditor):
    area = services.focus_area_save(actor=auditor, number="３", title="全角编号")
    assert area.number == 3
