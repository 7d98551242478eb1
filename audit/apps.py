from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Post names as strings: models cannot be imported while apps load.
AUDITORS = frozenset(["auditor"])
AUDIT_READERS = frozenset(["auditor", "leader"])
SECTION_POSTS = frozenset(["county_officer", "county_finance", "township_clerk"])
KEY_DATA_POSTS = frozenset(["township_clerk", "county_officer", "leader", "auditor"])


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Internal-control audit")
    nav_group = "audit"
    nav_items = (
        (_("Audit"), "audit:home", AUDIT_READERS),
        (_("Audit plans"), "audit:plan_list", AUDIT_READERS),
        (_("Findings"), "audit:finding_list", AUDIT_READERS | SECTION_POSTS),
        (_("Red flags"), "audit:flag_list", AUDIT_READERS),
        (_("Key-data changes"), "audit:keydata_list", KEY_DATA_POSTS),
        (_("Risk self-assessment"), "audit:assessment_list", AUDIT_READERS | frozenset(["county_officer",
                                                                                         "county_finance"])),
        (_("Check-list templates"), "audit:template_list", AUDITORS, "system"),
    )
    home_panels = (
        ("audit.views.home.auditor_panel", AUDIT_READERS),
        ("audit.views.home.section_panel", SECTION_POSTS),
    )

    def ready(self):
        from pension.todos import register

        from . import flags, sampling, todos  # noqa: F401  (registries fill themselves on import)

        register("audit.findings", todos.open_findings, posts=AUDIT_READERS | SECTION_POSTS)
