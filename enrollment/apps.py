from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pension.posts import BUSINESS_READERS, Post

READERS = BUSINESS_READERS
REGISTRARS = frozenset([Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER])


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Residents and enrolment")
    nav_group = "enrollment"
    nav_items = (
        (_("Residents"), "enrollment:resident_list", READERS),
        (_("Register a resident"), "enrollment:resident_create", REGISTRARS),
        (_("Terminations to confirm"), "enrollment:termination_queue", REGISTRARS),
        (_("Hardship changes to confirm"), "enrollment:hardship_queue", REGISTRARS),
        (_("Import hardship lists"), "enrollment:hardship_import_list", frozenset([Post.COUNTY_OFFICER])),
    )
    home_panels = (("enrollment.views.home_panel", READERS),)

    def ready(self):
        from pension.todos import register

        from . import todos

        register("enrollment.terminations", todos.terminations_to_confirm, posts=[Post.COUNTY_OFFICER])
        register("enrollment.hardship", todos.hardship_changes_to_confirm, posts=[Post.COUNTY_OFFICER])
