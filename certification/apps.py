from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Who records certifications: the township clerk, the village assistant (in their village) and the county.
RECORDERS = frozenset(["township_clerk", "village_assistant", "county_officer"])
READERS = frozenset(["township_clerk", "village_assistant", "county_officer", "county_finance", "auditor", "leader"])
COUNTY = frozenset(["county_officer"])
TOWNSHIP_POSTERS = frozenset(["township_clerk", "county_officer"])
AUDIT_UNIT = frozenset(["auditor"])


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Survival certification")
    nav_items = (
        (_("Certification entry"), "certification:entry", RECORDERS),
        (_("Certification roster"), "certification:roster", READERS),
        (_("Certification campaigns"), "certification:campaign_list", READERS),
        (_("Public notices"), "certification:notice_list", READERS),
        (_("Data comparison"), "certification:comparison_list", READERS),
        (_("Pass rate"), "certification:dashboard", READERS),
    )
