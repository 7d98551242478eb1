import pytest

from progress.services import bulletin_issue, progress_compute


@pytest.fixture
def computed(campaign, targets, year):
    return progress_compute(year=year)


@pytest.mark.django_db
def test_progress_api_lists_township_rows_with_code_name_target_and_rate(api, clerk_a, computed, township_a, year):
    response = api(clerk_a).get(f"/api/v1/progress/?year={year}&level=township")
    assert response.status_code == 200
    rows = {r["area_code"]: r for r in response.json()["results"]}
    a = rows[township_a.code]
    assert (a["area_name"], a["target"], a["enrolled"], a["paying"], a["amount"], a["rate"]) == (
        township_a.name, 8, 8, 4, "1200.00", "50.00")
    assert len(rows) > 2  # every township, the clerk's own and the others


@pytest.mark.django_db
def test_progress_api_village_rows_of_a_township_in_scope(api, clerk_a, officer, computed, township_a, township_b,
                                                          village_a, year):
    rows = api(clerk_a).get(f"/api/v1/progress/?year={year}&level=village&parent={township_a.code}").json()["results"]
    codes = {r["area_code"] for r in rows}
    assert village_a.code in codes and all(c.startswith(township_a.code) for c in codes)
    # without a parent a clerk gets their own township's villages only; the county gets all
    own = api(clerk_a).get(f"/api/v1/progress/?year={year}&level=village&page_size=500").json()
    assert all(r["area_code"].startswith(township_a.code) for r in own["results"])
    everyone = api(officer).get(f"/api/v1/progress/?year={year}&level=village&page_size=500").json()
    assert everyone["count"] > own["count"]


@pytest.mark.django_db
def test_clerk_of_township_b_gets_404_on_township_a_villages_and_village_history(
    api, clerk_b, computed, township_a, village_a, year
):
    client = api(clerk_b)
    assert client.get(f"/api/v1/progress/?year={year}&level=village&parent={township_a.code}").status_code == 404
    assert client.get(f"/api/v1/progress/history/?year={year}&area={village_a.code}").status_code == 404
    # township totals stay open (they are the public ranking)
    assert client.get(f"/api/v1/progress/history/?year={year}&area={township_a.code}").status_code == 200


@pytest.mark.django_db
def test_progress_api_refuses_bad_parameters_with_field_errors(api, officer, year):
    client = api(officer)
    response = client.get("/api/v1/progress/?level=province")
    assert response.status_code == 400 and "level" in response.json()["errors"]
    assert "year" in client.get("/api/v1/progress/?year=20x6").json()["errors"]
    assert "area" in client.get("/api/v1/progress/history/").json()["errors"]


@pytest.mark.django_db
def test_history_api_gives_one_row_per_day(api, officer, computed, county, year):
    progress_compute(year=year)  # the same day again: still one row
    rows = api(officer).get(f"/api/v1/progress/history/?year={year}&area={county.code}").json()["results"]
    assert len(rows) == 1 and rows[0]["paying"] == 6 and rows[0]["level"] == "county"


@pytest.mark.django_db
def test_bulletins_api_lists_issued_bulletins(api, officer, clerk_b, computed, year):
    b = bulletin_issue(actor=officer, year=year)
    rows = api(clerk_b).get("/api/v1/bulletins/").json()["results"]
    assert [r["number"] for r in rows] == [1]
    detail = api(clerk_b).get(f"/api/v1/bulletins/{b.pk}/").json()
    assert detail["content"]["ranking"][0]["rank"] == 1


@pytest.mark.django_db
def test_progress_endpoints_need_a_business_post(api, admin_user, year):
    client = api(admin_user)
    assert client.get("/api/v1/progress/").status_code == 403
    assert client.get("/api/v1/bulletins/").status_code == 403


@pytest.mark.django_db
def test_openapi_schema_documents_the_progress_endpoints(api, officer):
    schema = api(officer).get("/api/schema/?format=json").json()
    assert {"/api/v1/progress/", "/api/v1/progress/history/", "/api/v1/bulletins/"} <= set(schema["paths"])
