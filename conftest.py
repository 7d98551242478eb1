"""Shared fixtures: the demo county's areas and the personas every test speaks of.

Personas: a clerk of township A, a clerk of township B, a village assistant in township A, a county
officer (and a second one, for maker-checker), county finance, an auditor, a leader, an administrator.
"""

import datetime
import os
import shutil

import pytest
from django.db import connection

from pension import idnumber
from pension.models import Area, AreaLevel, Post, User
from pension.services import areas_load_county

COUNTY_CODE = "140431"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            if IN_CI:
                item.add_marker(pytest.mark.xfail(reason="CI must run on PostgreSQL", strict=True, run=False))
            else:
                item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "browser" in item.keywords and CHROMIUM is None:
            if IN_CI:
                # Under CI the browser tests must run: a missing Chromium is a failure, not a skip.
                item.add_marker(pytest.mark.xfail(reason="Chromium missing in CI", strict=True, run=False))
            else:
                item.add_marker(pytest.mark.skip(reason="Chromium not installed (apt-get install chromium)"))


# The apps whose data migrations write reference rows; Django's own tables (content types, permissions) are
# written again by the flush itself and are left alone.
REFERENCE_APPS = ("pension", "enrollment", "funds", "collection", "benefits", "certification", "progress", "audit",
                  "django_celery_beat")


def _reference_rows() -> str:
    from django.apps import apps
    from django.core import serializers

    models = serializers.sort_dependencies(
        [(apps.get_app_config(label), None) for label in REFERENCE_APPS], allow_cycles=True)
    rows = [row for model in models if model._meta.managed and not model._meta.proxy
            for row in model._default_manager.order_by(model._meta.pk.name)]
    return serializers.serialize("json", rows)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrations leave it, plus a copy of the reference rows the data migrations wrote
    (the provincial grade table, interest rates, benefit parameters, audit templates, beat schedules)."""
    from django.db import connections

    with django_db_blocker.unblock():
        connection = connections["default"]
        connection.reference_rows = _reference_rows()
    yield


def _ends_with_a_flush(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return any(name in getattr(item, "fixturenames", ()) for name in ("transactional_db", "live_server"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test with `transaction=True` (or a live server) ends by emptying every table, reference rows
    included. One process runs those tests last, so nothing noticed; under pytest-xdist a file runs whole on
    one process, and the files after it there would find no grade table or interest rates. So the reference
    rows are put back once the test's fixtures (the flush among them) are torn down."""
    yield
    # After the session's last test the test database is already gone (nextitem is None): nothing to restore.
    if nextitem is None or not _ends_with_a_flush(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections["default"]
    if getattr(connection, "reference_rows", None) is None:
        return
    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(connection.reference_rows)
        connection.close()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


@pytest.fixture
def chromium():
    """Debian's Chromium driven by Playwright's sync API, for the browser journeys (mark them `browser`).

    Playwright's sync API keeps an event loop marked as running in this thread while it is open, and while a
    loop runs Django keeps the thread's database connections apart (asgiref's Local stores them per context).
    The ORM calls a test makes meanwhile open a connection of their own, which Django's own teardown, run
    after the loop has stopped, neither sees nor closes; left open it keeps the test database from being
    dropped. So they are closed here, while the loop still runs."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is called from the test, beside that loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture
def county(db):
    return areas_load_county(code=COUNTY_CODE)


@pytest.fixture
def township_a(county):
    return Area.objects.filter(parent=county, level=AreaLevel.TOWNSHIP).order_by("code")[0]


@pytest.fixture
def township_b(county):
    return Area.objects.filter(parent=county, level=AreaLevel.TOWNSHIP).order_by("code")[1]


@pytest.fixture
def village_a(township_a):
    return Area.objects.filter(parent=township_a, level=AreaLevel.VILLAGE).order_by("code")[0]


@pytest.fixture
def village_a2(township_a):
    return Area.objects.filter(parent=township_a, level=AreaLevel.VILLAGE).order_by("code")[1]


@pytest.fixture
def village_b(township_b):
    return Area.objects.filter(parent=township_b, level=AreaLevel.VILLAGE).order_by("code")[0]


def _user(username, post, area):
    user = User(username=username, post=post, area=area, display_name=username)
    user.set_password("pw-for-tests-123")
    user.save()
    return user


@pytest.fixture
def clerk_a(township_a):
    return _user("clerk_a", Post.TOWNSHIP_CLERK, township_a)


@pytest.fixture
def clerk_b(township_b):
    return _user("clerk_b", Post.TOWNSHIP_CLERK, township_b)


@pytest.fixture
def assistant_a(village_a):
    return _user("assistant_a", Post.VILLAGE_ASSISTANT, village_a)


@pytest.fixture
def officer(county):
    return _user("officer", Post.COUNTY_OFFICER, county)


@pytest.fixture
def officer2(county):
    return _user("officer2", Post.COUNTY_OFFICER, county)


@pytest.fixture
def finance(county):
    return _user("finance", Post.COUNTY_FINANCE, county)


@pytest.fixture
def auditor(county):
    return _user("auditor", Post.AUDITOR, county)


@pytest.fixture
def leader(county):
    return _user("leader", Post.LEADER, county)


@pytest.fixture
def admin_user(county):
    return _user("admin", Post.ADMIN, county)


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
def api(db):
    from rest_framework.test import APIClient

    def client_for(user):
        c = APIClient()
        c.force_authenticate(user=user)
        return c

    return client_for


@pytest.fixture
def web(db, client):
    def client_for(user):
        client.force_login(user)
        return client

    return client_for


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
