from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..posts import Post

# Which area level each post works at. A clerk sits in a township, an assistant in a village,
# everybody else at the county.
POST_LEVEL = {
    Post.TOWNSHIP_CLERK: "township",
    Post.VILLAGE_ASSISTANT: "village",
    Post.COUNTY_OFFICER: "county",
    Post.COUNTY_FINANCE: "county",
    Post.AUDITOR: "county",
    Post.LEADER: "county",
    Post.ADMIN: "county",
}


class User(AbstractUser):
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    area = models.ForeignKey(
        "pension.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("area")
    )
    # Real name for signatures on reviews and notices; username stays the login.
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    # Set when the administrator creates the account or resets its password: every page then leads to the
    # password change until the user has chosen their own (issue 11 item 8).
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name or self.username
