"""The audit app's to-do items on the home page (registered in apps.py), counted through its selectors: the
audit unit and leaders see the open findings, each section those sent to it and not yet closed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pension.todos import Todo

from . import selectors


def open_findings(user) -> Todo | None:
    n = selectors.finding_list(user=user, open_only=True).count()
    return Todo("audit.findings", _("Open audit findings"), n, reverse("audit:finding_list"))
