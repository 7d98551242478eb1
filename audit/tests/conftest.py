import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit import services
from audit.models import AuditHead
from pension.models import Post


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _provincial_table(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from collection.parameters import seed_parameters

    seed_parameters()
    # The checklist templates the data migration seeds: a transactional test's flush removes them.
    import importlib

    from django.apps import apps

    importlib.import_module("audit.migrations.0002_seed_templates").seed(apps, None)


@pytest.fixture
def head(county, leader):
    """A second auditor, named audit head by the leader."""
    from tests.support.personas import make_user

    user = make_user("head", Post.AUDITOR, county)
    AuditHead.objects.create(user=user, valid_from=datetime.date(2020, 1, 1), appointed_by=leader)
    return user


@pytest.fixture
def upload():
    def make(name="evidence.pdf", content=b"%PDF-1.4 test"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")
    return make


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone())


@pytest.fixture
def finding(auditor):
    return services.finding_raise(actor=auditor, title="缴费档次与省定档次不一致", description="抽查发现……",
                                  section="business")
