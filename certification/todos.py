"""The certification app's to-do items on the home page (registered in apps.py), counted through its selectors."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from pension.todos import Todo

from . import selectors
from .models import MatchStatus


def cases_to_decide(user) -> Todo | None:
    n = selectors.match_list(user=user, status=MatchStatus.OPEN).count()
    try:
        url = reverse("certification:comparison_list")
    except NoReverseMatch:  # the cases' page is not built yet: the item shows without a link
        url = ""
    return Todo("certification.cases", _("Data-comparison cases to decide"), n, url)
