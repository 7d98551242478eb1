"""pension.queries.filter_given: the filters a list page offers, each applied only when given."""

from pension.models import User
from pension.queries import filter_given


def test_a_filter_left_empty_means_any():
    qs = User.objects.all()
    assert filter_given(qs, username=None, post="", area_id=0) is qs


def test_each_given_filter_narrows_the_list():
    sql = str(filter_given(User.objects.all(), username="clerk_a", post=None, area_id=7).query)
    assert "username" in sql and "area_id" in sql and "post" not in sql.split("WHERE", 1)[1]
