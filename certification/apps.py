from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pension.posts import BUSINESS_READERS, Post

# Who records certifications: the township clerk, the village assistant (in their village) and the county.
RECORDERS = frozenset([Post.TOWNSHIP_CLERK, Post.VILLAGE_ASSISTANT, Post.COUNTY_OFFICER])
READERS = BUSINESS_READERS
COUNTY = frozenset([Post.COUNTY_OFFICER])
TOWNSHIP_POSTERS = frozenset([Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER])
AUDIT_UNIT = frozenset([Post.AUDITOR])


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Survival certification")
    nav_group = "certification"
    nav_items = (
        (_("Certification entry"), "certification:entry", RECORDERS),
        (_("Certification roster"), "certification:roster", READERS),
        (_("Certification campaigns"), "certification:campaign_list", READERS),
        (_("Public notices"), "certification:notice_list", READERS),
        (_("Data comparison"), "certification:comparison_list", READERS),
        (_("Pass rate"), "certification:dashboard", READERS),
    )

    def ready(self):
        from pension.todos import register

        from . import todos

        register("certification.cases", todos.cases_to_decide, posts=COUNTY)
