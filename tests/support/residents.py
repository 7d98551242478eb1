"""People and money written directly, for tests about other things: ID numbers (`id_numbers`), residents
(`make_resident`), pension recipients (`make_recipient`) and credited contribution years (`credit_years`)."""

import datetime

import pytest

from pension import idnumber
from pension.models import Area

from .personas import COUNTY_CODE

_seq = iter(range(1, 10**6))


def make_id_number(birth: datetime.date = datetime.date(1970, 5, 17), male: bool = True, area: str = COUNTY_CODE):
    n = next(_seq) % 500
    return idnumber.build(area, birth, n * 2 + (1 if male else 0))


@pytest.fixture
def id_numbers():
    return make_id_number


@pytest.fixture
def make_resident(db):
    """Create a resident directly (not through the service) for tests about other things."""
    from enrollment.models import Resident

    def make(village: Area, *, name="王建国", birth=datetime.date(1970, 5, 17), enrolled=False, **kw):
        number = kw.pop("id_number", None) or make_id_number(birth)
        info = idnumber.parse(number)
        resident = Resident.objects.create(
            name=name, id_number=info.number, gender=info.gender, birth_date=info.birth_date,
            township_id=village.township_id, village=village, **kw,
        )
        if enrolled:
            from enrollment.models import Enrollment

            Enrollment.objects.create(resident=resident, enrolled_on=datetime.date(2020, 3, 1),
                                      first_month=datetime.date(2020, 3, 1))
            resident.enrolment_status = "active"
            resident.save(update_fields=["enrolment_status"])
        return resident

    return make


@pytest.fixture
def make_recipient(db, make_resident):
    """A resident receiving a pension, created directly (not through an award) for tests about other things.
    `paid_through` (a month) says how far payrolls have paid them."""
    from benefits.models import Recipient, RecipientEvent

    def make(village: Area, *, birth=datetime.date(1960, 3, 10), monthly_amount="300.00", basic_amount="200.00",
             start_month=datetime.date(2020, 4, 1), paid_through=None, natural_village=None, resident=None, **kw):
        resident = resident or make_resident(village, birth=birth, natural_village=natural_village, **kw)
        from decimal import Decimal

        recipient = Recipient.objects.create(
            resident=resident, township_id=resident.township_id, village_id=resident.village_id,
            natural_village_id=resident.natural_village_id, monthly_amount=Decimal(monthly_amount),
            basic_amount=Decimal(basic_amount), basic_national=Decimal(basic_amount),
            account_amount=Decimal(monthly_amount) - Decimal(basic_amount),
            start_month=start_month, paid_through=paid_through)
        RecipientEvent.objects.create(recipient=recipient, kind="award", month=start_month, date=start_month,
                                      source="test", reason="test award")
        return recipient

    return make


@pytest.fixture
def credit_years(db):
    """Approved contributions credited to a resident's individual account, one per year, written directly (for
    tests of apps above funds that need contribution years and a balance without going through collection).
    `parts` are account components → amount per year, e.g. {"personal": "300", "subsidy_provincial": "60"}."""
    from decimal import Decimal

    from collection.models import CONTRIBUTION_COMPONENTS, Contribution
    from funds.models import AccountEntry, IndividualAccount, SourceKind

    fields = {component: field for field, component in CONTRIBUTION_COMPONENTS.items()}

    def credit(resident, years, *, parts=None, maker):
        parts = {k: Decimal(v) for k, v in (parts or {"personal": "200"}).items()}
        account, _ = IndividualAccount.objects.get_or_create(
            resident=resident, defaults={"township_id": resident.township_id, "opened_on": datetime.date(2011, 1, 1)})
        for year in years:
            amounts = {fields[c]: a for c, a in parts.items()}
            c = Contribution.objects.create(
                resident=resident, township_id=resident.township_id, village_id=resident.village_id, year=year,
                grade=parts.get("personal", Decimal("0")), personal_amount=amounts.pop("personal_amount", 0),
                channel="bank", paid_on=datetime.date(year, 6, 1), status="approved", maker=maker, **amounts)
            AccountEntry.objects.bulk_create([
                AccountEntry(account=account, year=year, value_date=datetime.date(year, 6, 1), component=comp,
                             kind="credit", amount=amount, source_kind=SourceKind.CONTRIBUTION, source_id=c.pk,
                             for_year=year) for comp, amount in parts.items()])
        return account

    return credit
