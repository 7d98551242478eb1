"""No ID number in a URL: the residents page finds a person by ID number through a POST box, and its name box
(a GET search) refuses ID numbers."""

import pytest

pytestmark = pytest.mark.django_db


def test_clerk_finds_a_resident_by_id_number_by_post_and_lands_on_their_page(web, clerk_a, make_resident, village_a):
    resident = make_resident(village_a)
    response = web(clerk_a).post("/residents/find/", {"id_number": resident.id_number})
    assert response.status_code == 302 and response["Location"] == f"/residents/{resident.pk}/"
    assert resident.id_number not in response["Location"]


def test_clerk_of_township_b_does_not_find_township_a_resident(web, clerk_b, make_resident, village_a):
    resident = make_resident(village_a)
    response = web(clerk_b).post("/residents/find/", {"id_number": resident.id_number}, follow=True)
    assert response.redirect_chain[-1][0] == "/residents/"
    assert resident.name not in response.content.decode().split("<main")[1].split("</form>")[-1]


def test_the_name_box_refuses_an_id_number(web, clerk_a, make_resident, village_a):
    resident = make_resident(village_a)
    assert web(clerk_a).get("/residents/", {"q": resident.id_number}).status_code == 400
    page = web(clerk_a).get("/residents/").content.decode()
    assert 'method="post" action="/residents/find/"' in page
