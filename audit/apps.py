from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pension.posts import Post

# Posts by pension.posts.Post (importable while apps load, unlike the models).
AUDITORS = frozenset([Post.AUDITOR])
AUDIT_READERS = frozenset([Post.AUDITOR, Post.LEADER])
SECTION_POSTS = frozenset([Post.COUNTY_OFFICER, Post.COUNTY_FINANCE, Post.TOWNSHIP_CLERK])
KEY_DATA_POSTS = frozenset([Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER, Post.LEADER, Post.AUDITOR])
ASSESSMENT_READERS = AUDIT_READERS | frozenset([Post.COUNTY_OFFICER, Post.COUNTY_FINANCE])


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
        (_("Risk self-assessment"), "audit:assessment_list", ASSESSMENT_READERS),
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
