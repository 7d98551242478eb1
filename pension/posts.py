"""The posts (岗位) and the sets of posts the apps check, importable while the apps load (no models): AppConfig
nav items and permission sets name posts through this enum, never as strings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Post(models.TextChoices):
    """A user's one post (岗位). Business, finance, data administration and audit are incompatible posts:
    holding exactly one post per account is what enforces that separation."""

    TOWNSHIP_CLERK = "township_clerk", _("Township clerk")
    VILLAGE_ASSISTANT = "village_assistant", _("Village assistant")
    COUNTY_OFFICER = "county_officer", _("County business officer")
    COUNTY_FINANCE = "county_finance", _("County finance")
    AUDITOR = "auditor", _("Auditor")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


ALL_POSTS = frozenset(Post.values)
# Business data is read by the business, finance, audit and leadership posts; the administrator
# manages accounts and areas and sees no personal data.
BUSINESS_READERS = ALL_POSTS - {Post.ADMIN}
REGISTRARS = frozenset({Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER})
COUNTY_BUSINESS = frozenset({Post.COUNTY_OFFICER})
STAFF_ADMINS = frozenset({Post.ADMIN})
