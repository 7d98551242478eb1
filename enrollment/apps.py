from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READERS = frozenset(["township_clerk", "village_assistant", "county_officer", "county_finance", "auditor", "leader"])
REGISTRARS = frozenset(["township_clerk", "county_officer"])


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Residents and enrolment")
    nav_items = (
        (_("Residents"), "enrollment:resident_list", READERS),
        (_("Register a resident"), "enrollment:resident_create", REGISTRARS),
    )
    home_panels = (("enrollment.views.home_panel", READERS),)
