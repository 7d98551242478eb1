from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .posts import STAFF_ADMINS


class PensionConfig(AppConfig):
    name = "pension"
    verbose_name = "County kernel"
    nav_group = "system"
    # Issue 11 item 8: the administrator manages accounts in the application.
    nav_items = (
        (_("Staff accounts"), "staff:list", STAFF_ADMINS),
        (_("Log-in history"), "staff:logins", STAFF_ADMINS),
    )

    def ready(self):
        from . import auth

        auth.connect()
