"""A clerk enters three contributions with the keyboard alone (Playwright, Debian's Chromium)."""

import pytest

from collection.models import Contribution


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clerk_enters_three_contributions_with_the_keyboard_alone(live_server, chromium, clerk_a, make_resident,
                                                                  village_a, village_a2, book_a):
    from playwright.sync_api import expect

    people = [make_resident(village_a, name="张一", enrolled=True),
              make_resident(village_a2, name="李二", enrolled=True),
              make_resident(village_a, name="王三", enrolled=True, hardship="dibao")]
    page = chromium.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page.goto(f"{live_server.url}/collection/")
    # Log in from the keyboard: the username field has the focus.
    page.keyboard.type("clerk_a")
    page.keyboard.press("Tab")
    page.keyboard.type("pw-for-tests-123")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("缴费录入")
    expect(page.locator("nav.mainnav a").first).to_have_text("缴费录入")

    # 1: the preselected grade, Enter, Enter.
    expect(page.locator("#id_number")).to_be_focused()
    page.keyboard.type(people[0].id_number)
    page.keyboard.press("Enter")
    expect(page.locator("#resident-name")).to_contain_text("张一")
    expect(page.locator("#f-grade")).to_be_focused()
    expect(page.locator("#f-receipt")).to_have_value("26010001")
    page.keyboard.press("Enter")
    expect(page.locator("#saved-message")).to_contain_text("张一")

    # 2: arrow down to the next grade (the amounts follow), then Enter.
    expect(page.locator("#id_number")).to_be_focused()
    page.keyboard.type(people[1].id_number)
    page.keyboard.press("Enter")
    expect(page.locator("#resident-name")).to_contain_text("李二")
    expect(page.locator("#f-receipt")).to_have_value("26010002")
    expect(page.locator("#f-grade")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#personal-amount")).to_contain_text("¥300.00")
    expect(page.locator("#f-grade")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#saved-message")).to_contain_text("李二")

    # 3: a dibao resident: the government pays the lowest grade.
    expect(page.locator("#id_number")).to_be_focused()
    page.keyboard.type(people[2].id_number)
    page.keyboard.press("Enter")
    expect(page.locator("#resident-name")).to_contain_text("王三")
    expect(page.locator("#personal-amount")).to_contain_text("¥0.00")
    expect(page.locator("#f-grade")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#saved-message")).to_contain_text("王三")
    expect(page.locator("#recent tbody tr")).to_have_count(3)
    # A repeat is refused in Chinese and nothing is saved.
    expect(page.locator("#id_number")).to_be_focused()
    page.keyboard.type(people[0].id_number)
    page.keyboard.press("Enter")
    expect(page.locator("#this-year")).to_contain_text("是")
    expect(page.locator("#f-grade")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#panel [role=alert]").first).to_contain_text("每年只能缴费一次")

    saved = {c.resident.name: c for c in Contribution.objects.select_related("resident")}
    assert set(saved) == {"张一", "李二", "王三"}
    assert saved["张一"].grade == 200 and saved["李二"].grade == 300 and saved["王三"].personal_amount == 0
    assert sorted(c.receipt_number for c in saved.values()) == ["26010001", "26010002", "26010003"]
    assert all(c.maker == clerk_a and c.status == "entered" for c in saved.values())
