"""The county splits a township's collection target (persons paying) to its villages, in the browser or the API
(issue 11 item 10): whole persons that add up to the township's target, new dated rows for the villages that
change, one log row, and the villages' completion on the township page afterwards."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pension.models import Area, AreaLevel, OperationLog
from pension.tests.test_every_page_is_chinese import HALF_WIDTH_AFTER_CHINESE, _english, _Text
from progress.models import ProgressRun, Target
from progress.services import progress_compute, target_split

pytestmark = pytest.mark.django_db


def current(area, year):
    return Target.objects.filter(area=area, year=year, current=True).first()


def written():
    """Everything a split may write, to show that a refused one wrote nothing."""
    return (Target.objects.count(), Target.objects.filter(current=True).count(),
            OperationLog.objects.filter(action="target.split").count(), ProgressRun.objects.count())


# ---------------------------------------------------------------- the service


def test_county_officer_splits_the_township_target_into_new_dated_village_rows(
        officer, targets, township_a, village_a, village_a2, year):
    old_a = current(village_a, year)
    target_split(actor=officer, township=township_a, year=year, shares={village_a: 5, village_a2: 3},
                 reason="按目标责任书分解")
    old_a.refresh_from_db()
    new_a, new_a2 = current(village_a, year), current(village_a2, year)
    assert old_a.current is False and old_a.paying_target == 6  # superseded, kept
    assert new_a.pk != old_a.pk and new_a.paying_target == 5 and new_a.created_by == officer
    # the village's other figures stay as they were; a village without a row gets 0 for them
    assert (new_a.enrolment_target, new_a.amount_target, new_a.eligible) == (7, Decimal("1800.00"), 8)
    assert (new_a2.paying_target, new_a2.enrolment_target, new_a2.eligible) == (3, 0, 0)
    assert new_a2.township_id == township_a.pk and new_a2.source is None
    assert current(township_a, year).paying_target == 8  # the township's own row is not touched


def test_unchanged_villages_are_untouched(officer, targets, township_a, village_a, village_a2, year):
    old_a = current(village_a, year)
    target_split(actor=officer, township=township_a, year=year, shares={village_a: 6, village_a2: 2}, reason="")
    assert current(village_a, year).pk == old_a.pk
    assert Target.objects.filter(area=village_a, year=year).count() == 1
    assert current(village_a2, year).paying_target == 2


def test_a_split_writes_one_log_row_with_before_and_after(officer, targets, township_a, village_a, village_a2, year):
    target_split(actor=officer, township=township_a, year=year, shares={village_a: 5, village_a2: 3},
                 reason="按目标责任书分解")
    log = OperationLog.objects.get(action="target.split")
    assert log.actor == officer and log.area == township_a and log.reason == "按目标责任书分解"
    assert log.before["villages"] == {village_a.code: 6, village_a2.code: None}
    assert log.after["villages"] == {village_a.code: 5, village_a2.code: 3}
    assert log.after["township_target"] == 8 and log.after["year"] == year


def test_a_split_queues_a_recomputation_of_progress(officer, targets, township_a, village_a, village_a2, year):
    target_split(actor=officer, township=township_a, year=year, shares={village_a: 5, village_a2: 3}, reason="")
    assert ProgressRun.objects.filter(year=year, requested_by=officer).count() == 1


@pytest.mark.parametrize("persona", ["clerk_a", "finance", "auditor", "leader"])
def test_only_county_officers_split(request, persona, targets, township_a, village_a, village_a2, year):
    before = written()
    with pytest.raises(PermissionDenied):
        target_split(actor=request.getfixturevalue(persona), township=township_a, year=year,
                     shares={village_a: 5, village_a2: 3}, reason="")
    assert written() == before


@pytest.mark.parametrize("persona", ["clerk_b", "assistant_a"])  # another township's clerk; a village's assistant
def test_a_township_out_of_scope_is_absent(request, persona, targets, township_a, village_a, year):
    before = written()
    with pytest.raises(Http404):
        target_split(actor=request.getfixturevalue(persona), township=township_a, year=year, shares={village_a: 8},
                     reason="")
    assert written() == before


def test_a_village_is_not_a_township(officer, targets, village_a, year):
    with pytest.raises(Http404):
        target_split(actor=officer, township=village_a, year=year, shares={}, reason="")


def test_shares_must_add_up_to_the_township_target(officer, targets, township_a, village_a, village_a2, year):
    before = written()
    with pytest.raises(ValidationError) as exc:
        target_split(actor=officer, township=township_a, year=year, shares={village_a: 5, village_a2: 4}, reason="")
    assert exc.value.message_dict["shares"] == ["各村合计9人，乡镇目标8人，相差1人。"]
    assert written() == before


def test_villages_left_out_keep_their_target_in_the_sum(officer, targets, township_a, village_a, village_a2, year):
    # village A keeps its 6: 6 + 3 is not 8
    with pytest.raises(ValidationError) as exc:
        target_split(actor=officer, township=township_a, year=year, shares={village_a2: 3}, reason="")
    assert "各村合计9人" in exc.value.message_dict["shares"][0]


@pytest.mark.parametrize("value", [-1, "-1", "abc", "１２", "٣", "1.5", 1.0, True, None, "", "99999999999"])
def test_only_whole_persons_in_ascii_digits_are_accepted(officer, targets, township_a, village_a, village_a2,
                                                          year, value):
    before = written()
    with pytest.raises(ValidationError) as exc:
        target_split(actor=officer, township=township_a, year=year, shares={village_a: value, village_a2: 2},
                     reason="")
    message = exc.value.message_dict[village_a.code][0]
    assert message.startswith(f"{village_a.name}：")
    assert written() == before


def test_digits_as_text_are_accepted(officer, targets, township_a, village_a, village_a2, year):
    target_split(actor=officer, township=township_a, year=year, shares={village_a.code: " 5 ", village_a2: "3"},
                 reason="")
    assert current(village_a, year).paying_target == 5 and current(village_a2, year).paying_target == 3


def test_a_share_above_the_village_survey_figure_is_refused(officer, targets, township_a, village_a, village_a2,
                                                            year):
    Target.objects.filter(area=township_a).update(paying_target=9)
    with pytest.raises(ValidationError) as exc:
        target_split(actor=officer, township=township_a, year=year, shares={village_a: 9, village_a2: 0}, reason="")
    assert exc.value.message_dict[village_a.code] == [f"{village_a.name}：9人超过该村调查摸底人数（8人）。"]


def test_villages_of_another_township_or_unknown_codes_are_refused(officer, targets, township_a, village_a,
                                                                   village_b, year):
    before = written()
    with pytest.raises(ValidationError) as exc:
        target_split(actor=officer, township=township_a, year=year,
                     shares={village_a: 8, village_b: 0, "999999999999": 0}, reason="")
    errors = exc.value.message_dict
    assert errors[village_b.code] == [f"{village_b.name}不是{township_a.name}的村（社区）。"]
    assert errors["999999999999"] == [f"999999999999不是{township_a.name}的村（社区）。"]
    assert written() == before


def test_a_township_without_a_target_cannot_be_split(officer, township_a, village_a, year):
    with pytest.raises(ValidationError) as exc:
        target_split(actor=officer, township=township_a, year=year, shares={village_a: 1}, reason="")
    assert "还没有目标" in exc.value.message_dict["township"][0]


def test_a_failure_after_the_rows_are_written_leaves_nothing(officer, targets, township_a, village_a, village_a2,
                                                             year, monkeypatch):
    from progress.services import split

    def broken(**kwargs):
        raise RuntimeError("log down")

    monkeypatch.setattr(split, "log_operation", broken)
    before = written()
    with pytest.raises(RuntimeError):
        target_split(actor=officer, township=township_a, year=year, shares={village_a: 5, village_a2: 3}, reason="")
    assert written() == before and current(village_a, year).paying_target == 6


# ---------------------------------------------------------------- the page


def split_url(township, year):
    return f"/progress/township/{township.code}/split/?year={year}"


def test_the_split_page_lists_every_village_with_its_target_in_chinese(web, officer, targets, township_a,
                                                                        village_a, year):
    response = web(officer).get(split_url(township_a, year))
    page = response.content.decode()
    villages = Area.objects.filter(township=township_a, level=AreaLevel.VILLAGE)
    assert response.status_code == 200 and page.count('data-share=""') == villages.count()
    assert f'name="{village_a.code}"' in page and 'value="6"' in page
    assert 'data-sum-of="[data-share]"' in page and 'data-sum-target="8"' in page
    assert "js/behaviours.js" in page and "<script>" not in page  # the CSP: no inline script
    parser = _Text()
    parser.feed(page)
    text = " ".join(parser.text)
    assert not _english(text, {"officer"}) and not HALF_WIDTH_AFTER_CHINESE.search(text)
    assert len(parser.ids) == len(set(parser.ids))


def test_the_township_page_links_to_the_split_for_county_officers_only(web, officer, clerk_a, targets, township_a,
                                                                        year):
    link = f"/progress/township/{township_a.code}/split/"
    assert link in web(officer).get(f"/progress/township/{township_a.code}/?year={year}").content.decode()
    assert link not in web(clerk_a).get(f"/progress/township/{township_a.code}/?year={year}").content.decode()


def test_the_split_page_is_404_out_of_scope_and_403_for_other_posts(web, clerk_a, clerk_b, officer, targets,
                                                                    township_a, year):
    assert web(clerk_b).get(split_url(township_a, year)).status_code == 404
    assert web(clerk_a).get(split_url(township_a, year)).status_code == 403
    assert web(officer).get("/progress/township/999999999/split/").status_code == 404


def test_saving_the_split_shows_village_completion_on_the_township_page(
        web, officer, campaign, targets, township_a, village_a, village_a2, year, django_capture_on_commit_callbacks):
    client = web(officer)
    data = {"year": year, village_a.code: "5", village_a2.code: "3", "reason": "按目标责任书分解"}
    with django_capture_on_commit_callbacks(execute=True):  # the queued recomputation runs (eager Celery)
        response = client.post(split_url(township_a, year), data)
    assert response.status_code == 302 and response.url.startswith(f"/progress/township/{township_a.code}/")
    page = client.get(response.url).content.decode()
    row_a = page.split(f'id="village-{village_a.code}"')[1].split("</tr>")[0]
    row_a2 = page.split(f'id="village-{village_a2.code}"')[1].split("</tr>")[0]
    # village A: 3 paying of 5; village A2: 1 of 3
    assert "3／5" in row_a and "60.00" in row_a
    assert "1／3" in row_a2 and "33.33" in row_a2


def test_a_refused_split_keeps_the_typed_values_and_says_why(web, officer, targets, township_a, village_a,
                                                             village_a2, year):
    before = written()
    response = web(officer).post(split_url(township_a, year),
                                 {"year": year, village_a.code: "５", village_a2.code: "3", "reason": "分解"})
    page = response.content.decode()
    assert response.status_code == 200 and written() == before
    assert f"{village_a.name}：" in page and 'value="５"' in page and 'value="3"' in page and "分解" in page
    response = web(officer).post(split_url(township_a, year), {"year": year, village_a.code: "6",
                                                              village_a2.code: "3"})
    assert "各村合计9人，乡镇目标8人，相差1人。" in response.content.decode()


# ---------------------------------------------------------------- the API


def api_url(township):
    return f"/api/v1/progress/townships/{township.code}/split/"


def test_api_splits_and_answers_the_villages_targets(api, officer, targets, township_a, village_a, village_a2,
                                                     year):
    response = api(officer).post(api_url(township_a), {"year": year, "shares": {village_a.code: 5,
                                                                                village_a2.code: 3}}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["township_target"] == 8 and body["changed"] == sorted([village_a.code, village_a2.code])
    villages = {v["code"]: v["target"] for v in body["villages"]}
    assert villages[village_a.code] == 5 and villages[village_a2.code] == 3
    assert api(officer).get(f"{api_url(township_a)}?year={year}").json()["villages"] == body["villages"]


def test_api_refusals_come_in_the_chinese_envelope(api, officer, clerk_a, targets, township_a, village_a, year):
    client = api(officer)
    response = client.post(api_url(township_a), {"year": year, "shares": {village_a.code: "１"}}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "输入的信息有误。"
    assert response.json()["errors"][village_a.code][0].startswith(f"{village_a.name}：")
    response = client.post(api_url(township_a), {"year": year, "shares": [1]}, format="json")
    assert response.status_code == 400 and "shares" in response.json()["errors"]
    assert api(clerk_a).post(api_url(township_a), {"year": year, "shares": {}}, format="json").status_code == 403
    assert client.post("/api/v1/progress/townships/999999999/split/", {"year": year, "shares": {}},
                       format="json").status_code == 404


def test_completion_follows_the_split_after_the_next_computation(officer, campaign, targets, township_a, village_a,
                                                                 village_a2, year):
    from progress.models import Snapshot

    target_split(actor=officer, township=township_a, year=year, shares={village_a: 5, village_a2: 3}, reason="")
    progress_compute(year=year)
    row = Snapshot.objects.get(year=year, area=village_a2, current=True)
    assert (row.paying, row.target_paying, row.pct_target) == (1, 3, Decimal("33.33"))


def test_the_split_is_in_the_api_schema(api, officer):
    paths = api(officer).get("/api/schema/?format=json").json()["paths"]
    operations = paths["/api/v1/progress/townships/{code}/split/"]
    assert set(operations) >= {"get", "post"}
