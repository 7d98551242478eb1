"""The demo county's areas and the personas every test speaks of, and clients logged in as them.

Areas: `county`, `township_a`, `township_b`, `village_a`, `village_a2` (both in A), `village_b`.
Personas: a clerk of township A (`clerk_a`), a clerk of township B (`clerk_b`), a village assistant in township A
(`assistant_a`), a county officer (`officer`, and `officer2` for maker-checker), county finance (`finance`), an
auditor, a leader, an administrator (`admin_user`). Clients: `api(user)` (DRF, forced login), `web(user)`."""

import pytest

from pension.models import Area, AreaLevel, Post, User
from pension.services import areas_load_county

COUNTY_CODE = "140431"


def nth_child(parent: Area, level: str, n: int = 0) -> Area:
    """The n-th area (from 0, by code) of a level under `parent`."""
    return Area.objects.filter(parent=parent, level=level).order_by("code")[n]


@pytest.fixture
def county(db):
    return areas_load_county(code=COUNTY_CODE)


@pytest.fixture
def township_a(county):
    return nth_child(county, AreaLevel.TOWNSHIP)


@pytest.fixture
def township_b(county):
    return nth_child(county, AreaLevel.TOWNSHIP, 1)


@pytest.fixture
def village_a(township_a):
    return nth_child(township_a, AreaLevel.VILLAGE)


@pytest.fixture
def village_a2(township_a):
    return nth_child(township_a, AreaLevel.VILLAGE, 1)


@pytest.fixture
def village_b(township_b):
    return nth_child(township_b, AreaLevel.VILLAGE)


def make_user(username, post, area):
    """A user with a post and an area (and a password, for the tests that log in through the form)."""
    user = User(username=username, post=post, area=area, display_name=username)
    user.set_password("pw-for-tests-123")
    user.save()
    return user


@pytest.fixture
def clerk_a(township_a):
    return make_user("clerk_a", Post.TOWNSHIP_CLERK, township_a)


@pytest.fixture
def clerk_b(township_b):
    return make_user("clerk_b", Post.TOWNSHIP_CLERK, township_b)


@pytest.fixture
def assistant_a(village_a):
    return make_user("assistant_a", Post.VILLAGE_ASSISTANT, village_a)


@pytest.fixture
def officer(county):
    return make_user("officer", Post.COUNTY_OFFICER, county)


@pytest.fixture
def officer2(county):
    return make_user("officer2", Post.COUNTY_OFFICER, county)


@pytest.fixture
def finance(county):
    return make_user("finance", Post.COUNTY_FINANCE, county)


@pytest.fixture
def auditor(county):
    return make_user("auditor", Post.AUDITOR, county)


@pytest.fixture
def leader(county):
    return make_user("leader", Post.LEADER, county)


@pytest.fixture
def admin_user(county):
    return make_user("admin", Post.ADMIN, county)


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
