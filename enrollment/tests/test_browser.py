"""End to end in Debian's Chromium: a clerk logs in, registers a resident with a wrong check digit, reads the
Chinese error, corrects it, and finds the resident by name.

Set PENSION_SCREENSHOTS=<dir> to keep a screenshot of each step (1366×768, the county PCs' screen)."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from enrollment.models import Resident
from pension import idnumber


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    _shot(tab, "99-last")


def _shot(page, name):
    folder = os.environ.get("PENSION_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clerk_registers_a_resident_after_correcting_the_check_digit_and_finds_them(live_server, page, clerk_a,
                                                                                    village_a, id_numbers):
    number = id_numbers(male=False)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    natural = village_a.children.order_by("code").first()

    page.goto(f"{live_server.url}/accounts/login/")
    _shot(page, "01-login")
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "乡镇劳保所经办员" in page.inner_text("header")
    _shot(page, "02-home")

    page.click("#menu-enrollment summary")
    page.click("#menu-enrollment >> text=登记居民")
    page.fill("#id_name", "刘桂兰")
    page.fill("#id_id_number", wrong)
    # The number is checked as it is typed (htmx, POST): the Chinese error shows before saving.
    page.wait_for_selector("#id-number-check >> text=身份证号码校验位不正确")
    page.select_option("#id_village", str(village_a.pk))
    # htmx reloads the natural villages of the chosen village.
    page.wait_for_selector(f"#id_natural_village option[value='{natural.pk}']", state="attached")
    page.select_option("#id_natural_village", str(natural.pk))
    page.fill("#id_phone", "13912345678")
    page.click("main button[type=submit]")

    error = page.locator("#field-id_number .errorlist")
    error.wait_for()
    assert "身份证号码校验位不正确，请逐位核对。" in error.inner_text()
    assert page.input_value("#id_name") == "刘桂兰"
    _shot(page, "03-check-digit-error")
    assert not Resident.objects.exists()

    page.fill("#id_id_number", " ".join([number[:6], number[6:14], number[14:].lower()]))
    age = idnumber.age_on(datetime.date(1970, 5, 17), timezone.localdate())
    page.wait_for_selector(f"#id-number-check >> text={age} 岁")  # the age, never the birth date
    page.click("main button[type=submit]")
    page.wait_for_selector("text=刘桂兰 已登记。")
    assert idnumber.mask(number) in page.inner_text("main")
    _shot(page, "04-registered")
    resident = Resident.objects.get()
    assert (resident.id_number, resident.natural_village_id, resident.gender) == (number, natural.pk, "F")

    page.click("#menu-enrollment summary")
    page.click("#menu-enrollment a[href='/residents/']")
    page.fill("#q", "桂兰")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/residents/?q=*")
    row = page.locator("#residents tbody tr").first
    assert "刘桂兰" in row.inner_text() and number not in page.content()
    _shot(page, "05-found-by-name")
    row.locator("a").click()
    page.wait_for_selector("h1 >> text=刘桂兰")
