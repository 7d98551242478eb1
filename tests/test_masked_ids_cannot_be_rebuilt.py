"""A masked ID number hides exactly the eight digits of the birth date, so it must never stand beside the birth
date: a probe rebuilt 40 of 40 numbers from one village assistant's list. This test tries to rebuild every
resident's number from every page, export and API list each kind of user can reach, and from the operation log,
and must fail to.

Pages and exports are found by crawling (so a list or export added later is checked too); API lists come from
the OpenAPI schema."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from enrollment.models import Resident
from pension import idnumber
from pension.models import OperationLog, User

from . import hostile
from .support.app_role import application_role_from_here


def _birth_forms(day) -> list[str]:
    return [day.isoformat(), day.strftime("%Y%m%d"), f"{day.year}年{day.month}月{day.day}日",
            day.strftime("%Y/%m/%d")]


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if hasattr(value, "isoformat"):
                        value = value.date() if hasattr(value, "date") else value
                        cells.append(value.isoformat())
                    elif value is not None:
                        cells.append(str(value))
                cells.append("\n")
        return " ".join(cells)
    return body.decode("utf-8", "replace")


def _rebuilt(documents: dict[str, str], residents) -> list[str]:
    found = []
    for where, text in documents.items():
        for r in residents:
            if idnumber.mask(r.id_number) in text and any(f in text for f in _birth_forms(r.birth_date)):
                found.append(f"{where}: {idnumber.mask(r.id_number)}")
                break
    return found


@pytest.mark.postgres
@pytest.mark.parametrize("who", ["clerk_a", "assistant", "officer", "auditor"])
@pytest.mark.db_owner("seeds the demo county: seed_demo moves sequences (setval), the owner's like migrate")
def test_no_list_export_or_api_answer_lets_a_masked_id_be_rebuilt(db, settings, tmp_path, who):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", residents=40, stdout=open("/dev/null", "w"))
    application_role_from_here()
    residents = list(Resident.objects.all())
    user = User.objects.get(username=who)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    documents = {url: _text(r) for url, r in hostile.crawl(client, limit_per_name=3).items() if r.status_code == 200}
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(user)
    for method, path, _query, _body in hostile.api_operations(None):
        if method == "get" and "{" not in path:
            response = api.get(path, {"page_size": 500})
            if response.status_code == 200:
                documents[path] = _text(response)
    assert len(documents) > 5
    assert not _rebuilt(documents, residents)


@pytest.mark.django_db
def test_the_operation_log_holds_neither_id_numbers_nor_birth_dates(clerk_a, village_a, id_numbers):
    from enrollment import services

    resident = services.resident_register(actor=clerk_a, name="李四", id_number=id_numbers(), village=village_a)
    services.resident_update(actor=clerk_a, resident=resident, phone="13800000000", reason="电话变更")
    rows = json.dumps([[row.before, row.after] for row in OperationLog.objects.all()], ensure_ascii=False)
    assert idnumber.mask(resident.id_number) not in rows and resident.id_number not in rows
    assert not any(f in rows for f in _birth_forms(resident.birth_date))
