"""Scope (one function decides what a user sees) and staff accounts (one post each, at the right level)."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404

from pension.models import Area, AreaLevel, Post, User
from pension.scope import area_in_scope, get_scoped_or_404, scope_queryset, scoped_areas
from pension.services import areas_load_county, staff_create


def test_demo_county_has_real_townships_villages_and_two_to_eight_natural_villages_each(county):
    assert county.name == "沁源县"
    townships = Area.objects.filter(level=AreaLevel.TOWNSHIP)
    assert 8 <= townships.count() <= 23
    assert all(len(t.code) == 9 and t.code.startswith("140431") for t in townships)
    villages = Area.objects.filter(level=AreaLevel.VILLAGE)
    assert all(len(v.code) == 12 and v.code.startswith(v.parent.code) for v in villages.select_related("parent"))
    for village in villages[:50]:
        naturals = village.children.all()
        assert 2 <= naturals.count() <= 8
        assert all(n.township_id == village.township_id and n.code.startswith(village.code) for n in naturals)


def test_loading_the_county_twice_changes_nothing(county):
    before = Area.objects.count()
    assert areas_load_county(code=county.code) == county
    assert Area.objects.count() == before


def test_clerk_sees_only_their_township_and_what_is_under_it(clerk_a, township_a, township_b, village_a, village_b):
    areas = scoped_areas(clerk_a)
    assert township_a in areas and village_a in areas
    assert township_b not in areas and village_b not in areas
    assert area_in_scope(clerk_a, village_a) and not area_in_scope(clerk_a, village_b)
    with pytest.raises(Http404):
        get_scoped_or_404(clerk_a, Area.objects.all(), pk=village_b.pk)


def test_village_assistant_sees_only_their_village_and_its_natural_villages(assistant_a, village_a, village_a2):
    areas = scoped_areas(assistant_a)
    assert set(areas) == {village_a, *village_a.children.all()}
    assert not area_in_scope(assistant_a, village_a2)
    assert not area_in_scope(assistant_a, village_a.township)


def test_county_posts_see_the_whole_county(officer, auditor, county):
    assert scoped_areas(officer).count() == Area.objects.count()
    assert scoped_areas(auditor, AreaLevel.TOWNSHIP).count() == county.children.count()


def test_users_without_a_post_an_area_or_an_active_account_see_nothing(township_a, clerk_a):
    nobody = User.objects.create(username="nopost", area=township_a)
    assert not scoped_areas(nobody).exists()
    no_area = User.objects.create(username="noarea", post=Post.TOWNSHIP_CLERK)
    assert not scoped_areas(no_area).exists()
    clerk_a.is_active = False
    assert not scoped_areas(clerk_a).exists()


def test_a_model_without_scope_paths_cannot_be_scoped(officer):
    with pytest.raises(ImproperlyConfigured):
        scope_queryset(officer, User.objects.all())


def test_staff_create_refuses_an_area_of_the_wrong_level_for_the_post(county, township_a, village_a):
    with pytest.raises(ValidationError) as excinfo:
        staff_create(username="x1", password="long-pass-1234", post="township_clerk", area_code=county.code)
    assert "area" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        staff_create(username="x2", password="long-pass-1234", post="auditor", area_code=township_a.code)
    user = staff_create(username="x3", password="long-pass-1234", post="village_assistant", area_code=village_a.code)
    assert user.area == village_a and user.check_password("long-pass-1234")


def test_one_post_per_account_a_second_post_is_refused(county, township_a):
    # Business, finance, data administration and audit are incompatible posts: an account holds exactly one,
    # and a person who already has an account cannot open a second one under the same username.
    staff_create(username="zhang", password="long-pass-1234", post="county_finance", area_code=county.code)
    with pytest.raises(ValidationError) as excinfo:
        staff_create(username="zhang", password="long-pass-1234", post="auditor", area_code=county.code)
    assert "username" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        staff_create(username="li", password="long-pass-1234", post="auditor,county_finance", area_code=county.code)
    assert "post" in excinfo.value.message_dict
    assert User.objects.get(username="zhang").post == Post.COUNTY_FINANCE


def test_create_staff_command_creates_an_account(county, township_a, capsys):
    call_command("create_staff", username="wang", password="long-pass-1234", post="township_clerk",
                 area=township_a.code)
    user = User.objects.get(username="wang")
    assert (user.post, user.area) == (Post.TOWNSHIP_CLERK, township_a)
    assert "created wang" in capsys.readouterr().out


def test_create_staff_command_names_a_bad_area_code(county):
    with pytest.raises(CommandError, match="999999999"):
        call_command("create_staff", username="wang", password="long-pass-1234", post="township_clerk",
                     area="999999999")


def test_create_staff_command_names_a_bad_post(county):
    with pytest.raises(CommandError, match="cashier"):
        call_command("create_staff", username="wang", password="long-pass-1234", post="cashier",
                     area=county.code)


def test_create_staff_command_explains_a_level_mismatch(county):
    with pytest.raises(CommandError, match="area"):
        call_command("create_staff", username="wang", password="long-pass-1234", post="township_clerk",
                     area=county.code)
    assert not User.objects.filter(username="wang").exists()
