"""What each post may do. Scope (which area) is decided by pension.scope; this decides which posts."""

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .posts import ALL_POSTS, BUSINESS_READERS, COUNTY_BUSINESS, REGISTRARS, STAFF_ADMINS, Post  # noqa: F401


def has_post(user, posts) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.post in posts)


def require_post(user, posts, message=None) -> None:
    """The one post check of views and services: PermissionDenied (403, with `message` if given) unless the
    user is active and holds one of `posts`."""
    if not has_post(user, posts):
        raise PermissionDenied(*([message] if message is not None else []))


class PostPermission(BasePermission):
    """DRF permission: `read_posts` for safe methods, `write_posts` for the rest (set on the view)."""

    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return has_post(request.user, getattr(view, "read_posts", BUSINESS_READERS))
        return has_post(request.user, getattr(view, "write_posts", frozenset()))
