"""Menus grouped by task and the home page's to-do list (issue 11 item 3)."""

import datetime

import pytest
from django.urls import reverse

from pension.navigation import NAV_GROUPS

GROUP_LABELS = {"收缴", "参保", "待遇", "认证", "资金", "进度", "稽核", "系统"}


def _groups(client, path="/"):
    return client.get(path).context["nav_groups"]


def test_every_group_label_is_one_of_the_task_groups_and_only_groups_with_items_show(web, officer, clerk_a,
                                                                                     assistant_a):
    assert {str(label) for _key, label in NAV_GROUPS} == GROUP_LABELS
    for user in (officer, clerk_a, assistant_a):
        groups = _groups(web(user))
        assert groups and all(g["items"] for g in groups)
        assert {str(g["label"]) for g in groups} <= GROUP_LABELS
    assistant_groups = {g["key"] for g in _groups(web(assistant_a))}
    assert "audit" not in assistant_groups and "system" in assistant_groups


def test_the_officers_menu_bar_has_few_top_level_entries(web, officer):
    client = web(officer)
    page = client.get("/").content.decode()
    assert page.count('<details class="menu') <= 8
    assert page.count('data-menu id="menu-') == len({g["key"] for g in _groups(client)})


def test_the_current_group_is_highlighted_and_the_current_item_marked_once(web, officer):
    client = web(officer)
    page = client.get(reverse("enrollment:termination_queue")).content.decode()
    assert '<details class="menu active" data-menu id="menu-enrollment">' in page
    assert page.count('aria-current="page"') == 1
    groups = client.get(reverse("enrollment:termination_queue")).context["nav_groups"]
    assert [g["key"] for g in groups if g["active"]] == ["enrollment"]


def test_the_clerks_entry_screen_stays_one_click_away(web, clerk_a):
    page = web(clerk_a).get("/").content.decode()
    head = page.split('<nav class="mainnav"')[1].split("<details")[0]
    assert 'class="pinned"' in head and reverse("collection:entry") in head


def test_the_menu_bar_uses_no_inline_script(web, officer):
    page = web(officer).get("/").content.decode()
    assert "onclick" not in page and "<script>" not in page


def test_element_ids_on_the_home_page_are_unique(web, officer, clerk_a):
    import re

    for user in (officer, clerk_a):
        ids = re.findall(r'\sid="([^"]+)"', web(user).get("/").content.decode())
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


# --- to-do list ---------------------------------------------------------------------------------------------------

@pytest.fixture
def contribution(db):
    from collection.models import Contribution

    def make(resident, *, status, maker):
        return Contribution.objects.create(
            resident=resident, township_id=resident.township_id, village_id=resident.village_id, year=2026,
            grade=200, personal_amount=200, channel="cash", paid_on=datetime.date(2026, 3, 2), status=status,
            maker=maker)

    return make


def test_clerk_sees_entries_returned_to_them_and_officer_the_entries_waiting(web, clerk_a, clerk_b, officer,
                                                                             village_a, make_resident, contribution):
    contribution(make_resident(village_a, name="甲"), status="returned", maker=clerk_a)
    contribution(make_resident(village_a, name="乙"), status="entered", maker=clerk_a)
    contribution(make_resident(village_a, name="丙"), status="entered", maker=clerk_a)
    todos = {t.key: t for t in web(clerk_a).get("/").context["todos"]}
    assert todos["collection.returned"].count == 1
    assert todos["collection.returned"].url == reverse("collection:contribution_list") + "?status=returned"
    assert {t.key for t in web(clerk_b).get("/").context["todos"]}.isdisjoint({"collection.returned"})
    page = web(officer).get("/").content.decode()
    assert 'id="todo-collectionreview"' in page and "等待您审核的缴费" in page
    assert {t.key: t.count for t in web(officer).get("/").context["todos"]}["collection.review"] == 2


def test_officer_sees_terminations_to_confirm_but_not_their_own(web, clerk_a, officer, officer2, village_a,
                                                                make_resident):
    from enrollment import terminations
    from enrollment.tests.terminating import death_certificate

    resident = make_resident(village_a, enrolled=True)
    terminations.termination_request(actor=officer, enrollment=resident.enrollments.get(), reason="death",
                                     terminated_on=datetime.date(2026, 1, 2), evidence="死亡医学证明 1",
                                     evidence_file=death_certificate())
    assert "enrollment.terminations" not in {t.key for t in web(officer).get("/").context["todos"]}
    assert {t.key: t.count for t in web(officer2).get("/").context["todos"]}["enrollment.terminations"] == 1


def test_nothing_waiting_says_so(web, assistant_a):
    assert "目前没有待办事项" in web(assistant_a).get("/").content.decode()


@pytest.mark.parametrize("persona", ["clerk_a", "officer", "finance", "auditor", "leader", "assistant_a"])
def test_home_page_query_count_is_bounded(request, web, persona, django_assert_max_num_queries, village_a,
                                          make_resident, contribution, clerk_a):
    for i in range(5):
        contribution(make_resident(village_a, name=f"张{i}"), status="returned", maker=clerk_a)
    client = web(request.getfixturevalue(persona))
    client.get("/")  # warm the session and caches
    with django_assert_max_num_queries(45):
        assert client.get("/").status_code == 200
