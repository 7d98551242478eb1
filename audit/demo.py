"""Demo audit data: the audit head, last quarter's plan half filled, two findings at different stages, and red
flags from a few planted irregularities (a name changed outside the key-data procedure, two recipients sharing a
bank account, the log of a clerk approving their own entry, a recipient paying a contribution for a year of the
pension). Demo only: it plants irregularities on purpose."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pension.demo import DEMO_PASSWORD
from pension.models import Post, User
from pension.oplog import log_operation

from . import services
from .models import AuditHead, AuditPlan
from .quarters import previous_quarter


def already_seeded() -> bool:
    return AuditPlan.objects.exists()


def _plant_contribution_by_recipient(*, staff, today) -> str | None:
    """A recipient whose pension was already paid pays a normal contribution for a year of the pension (bank
    withholding, approved): the red flag "contribution by a recipient" (grade_change_for_recipient) shows it."""
    from benefits.models import Recipient
    from collection.models import LIVE_STATUSES, Contribution, ContributionGrade

    clerk = next(u for u in staff if u.post == Post.TOWNSHIP_CLERK)
    officer = next(u for u in staff if u.post == Post.COUNTY_OFFICER)
    year = today.year
    grade = ContributionGrade.objects.filter(year=year, active=True).order_by("amount").first()
    paying = Contribution.objects.filter(year=year, kind="normal", status__in=LIVE_STATUSES).values("resident_id")
    recipient = (Recipient.objects.exclude(status="stopped").filter(start_month__lte=today)
                 .exclude(resident_id__in=paying).select_related("resident")
                 .order_by(F("paid_through").desc(nulls_last=True), "id").first())  # one already paid, if any
    if grade is None or recipient is None:
        return None
    resident = recipient.resident
    contribution = Contribution.objects.create(
        resident=resident, township_id=resident.township_id, village_id=resident.village_id, year=year,
        kind="normal", grade=grade.amount, personal_amount=grade.amount, channel="bank", paid_on=today,
        status="approved", maker=clerk, checker=officer, checked_at=timezone.now())
    log_operation(actor=clerk, action="contribution.enter", obj=contribution, area=resident.village,
                  reason="demo: a recipient paying a contribution for a year of the pension")
    return f"a contribution by a recipient ({resident.name}, {year})"


def _plant(*, staff, rng) -> list[str]:
    """Irregularities for the red-flag rules to find (demo only: written directly, as a rogue edit would be)."""
    from benefits.models import Recipient
    from enrollment.models import Resident

    planted = []
    clerk = next(u for u in staff if u.post == Post.TOWNSHIP_CLERK)
    resident = Resident.objects.filter(township_id=clerk.area_id).order_by("id").first()
    if resident is not None:
        before = {"name": resident.name}
        Resident.objects.filter(pk=resident.pk).update(name=resident.name + "某")
        log_operation(actor=clerk, action="resident.update", obj=resident, before=before,
                      after={"name": resident.name + "某"}, area=resident.village)
        planted.append("key data changed without a request")
    pair = list(Recipient.objects.exclude(status="stopped").order_by("id").values_list("resident_id", flat=True)[:2])
    if len(pair) == 2:
        Resident.objects.filter(pk__in=pair).update(bank_account="622845000000" + str(rng.randrange(10**6, 10**7)))
        planted.append("two recipients share a bank account")
    from collection.models import Contribution

    entry = Contribution.objects.filter(maker__post=Post.TOWNSHIP_CLERK).order_by("id").first()
    if entry is not None:
        log_operation(actor=entry.maker, action="contribution.enter", obj=entry, area=entry.village)
        log_operation(actor=entry.maker, action="contribution.approve", obj=entry, area=entry.village,
                      reason="demo: a clerk approving their own entry")
        planted.append("a clerk approving their own entry")
    return planted


def seed_audit(*, county, residents, rng, staff, stdout=None, today=None) -> str:
    today = today or timezone.localdate()
    auditor = next(u for u in staff if u.post == Post.AUDITOR)
    leader = next(u for u in staff if u.post == Post.LEADER)
    officer = next(u for u in staff if u.post == Post.COUNTY_OFFICER)
    with transaction.atomic():
        head = User.objects.filter(username="audit_head").first()
        if head is None:
            head = User(username="audit_head", post=Post.AUDITOR, area=county, display_name="孙红")
            head.set_password(DEMO_PASSWORD)
            head.save()
            staff.append(head)
        AuditHead.objects.get_or_create(user=head, defaults={"valid_from": datetime.date(today.year, 1, 1),
                                                             "appointed_by": leader})
        planted = _plant(staff=staff, rng=rng)
        by_recipient = _plant_contribution_by_recipient(staff=staff, today=today)
        if by_recipient:
            planted.append(by_recipient)
    year, quarter = previous_quarter(today)
    plan = services.plan_create(actor=auditor, year=year, quarter=quarter, sample_size=4)
    pairs = [(s, i) for s in plan.samples.select_related("area").order_by("area__number", "kind", "position")
             for i in s.area.items.all()]
    for n, (sample, item) in enumerate(pairs[: len(pairs) // 2]):
        problem = n == 3
        services.spotcheck_answer(actor=auditor, sample=sample, item=item, answer="problem" if problem else "compliant",
                                  method=("system", "paper", "onsite")[n % 3],
                                  notes="审核签字与档案不一致" if problem else "")
    first = plan.samples.order_by("area__number", "kind", "position").first()
    f1 = services.finding_raise(actor=auditor, title="缴费审核签字与纸质档案不一致",
                                description="抽查发现审核人签字与系统记录的审核人不一致，请业务股核实。",
                                section="business",
                                sample=first)
    services.finding_sign_head(actor=head, finding=f1)
    services.finding_sign_leader(actor=leader, finding=f1)
    services.finding_plan_rectification(actor=officer, finding=f1, plan="重新核对本季度审核记录并补签。",
                                        deadline=timezone.localdate() + datetime.timedelta(days=30))
    services.finding_raise(actor=auditor, title="票据号缺失待核实", description="票据本存在跳号，请乡镇劳保所说明。",
                           section="business")
    run = services.flag_run_execute(actor=auditor, today=today)
    return (f"plan {plan} ({plan.samples.count()} records, {len(pairs) // 2} of {len(pairs)} answers), 2 findings, "
            f"{sum(run.counts.values())} red flags; planted: {', '.join(planted) or 'none'}")
