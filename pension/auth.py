"""API tokens that expire and die with the session's end, a password change or a deactivated account.

A token lives `API_TOKEN_TTL_HOURS` (default 8: one working day) from when it was issued; an expired one is deleted
on its next use and answers 401 in the JSON envelope. Logging out, changing the password and deactivating the
account delete the user's token (receivers below, connected in PensionConfig.ready)."""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "API_TOKEN_TTL_HOURS", 8))


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - token_ttl():
            token.delete()
            raise AuthenticationFailed(_("The token has expired; ask for a new one."))
        return user, token


def token_issue(*, user) -> Token:
    """A fresh token (an expired one is replaced, a live one kept)."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token.created < timezone.now() - token_ttl():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def _revoke(user) -> None:
    Token.objects.filter(user=user).delete()


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _revoke(user)


def remember_credentials(sender, instance, **kwargs):
    """Before a user is saved: note whether the password or the active flag changes."""
    instance._credentials_changed = False
    if instance.pk:
        old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
        if old and (old["password"] != instance.password or (old["is_active"] and not instance.is_active)):
            instance._credentials_changed = True


def revoke_on_change(sender, instance, created, **kwargs):
    if getattr(instance, "_credentials_changed", False):
        _revoke(instance)


def connect() -> None:
    user_model = settings.AUTH_USER_MODEL
    user_logged_out.connect(on_logout, dispatch_uid="pension.auth.logout")
    pre_save.connect(remember_credentials, sender=user_model, dispatch_uid="pension.auth.pre_save")
    post_save.connect(revoke_on_change, sender=user_model, dispatch_uid="pension.auth.post_save")
