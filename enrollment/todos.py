"""The enrolment app's to-do items on the home page (registered in apps.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pension.todos import Todo

from . import selectors


def terminations_to_confirm(user) -> Todo | None:
    n = selectors.termination_list(user=user).exclude(requested_by=user).count()
    return Todo("enrollment.terminations", _("Terminations to confirm"), n, reverse("enrollment:termination_queue"))


def hardship_changes_to_confirm(user) -> Todo | None:
    n = selectors.hardship_change_list(user=user).exclude(requested_by=user).count()
    return Todo("enrollment.hardship", _("Hardship changes to confirm"), n, reverse("enrollment:hardship_queue"))
