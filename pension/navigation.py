"""The menu bar's groups (issue 11 item 3): navigation is grouped by task, one drop-down per group, so that every
post's menu fits a 1366 px screen on one line. An app's AppConfig names the group of its items with `nav_group`
(one group for all its items) or a fourth element per item (label, url name, posts, group). Only groups holding
an item for the user's post are shown, in this order."""

from django.utils.translation import pgettext_lazy


def _(label):
    # A context of its own: the same words name apps and pages elsewhere ("Collection" is 基金征缴 there).
    return pgettext_lazy("menu group", label)


NAV_GROUPS = (
    ("collection", _("Collection")),
    ("enrollment", _("Enrolment")),
    ("benefits", _("Benefits")),
    ("certification", _("Certification")),
    ("funds", _("Funds")),
    ("progress", _("Progress")),
    ("audit", _("Audit")),
    ("system", _("System")),
)
GROUP_KEYS = frozenset(key for key, _label in NAV_GROUPS)
DEFAULT_GROUP = "system"
