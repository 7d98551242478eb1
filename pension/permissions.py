"""What each post may do. Scope (which area) is decided by pension.scope; this decides which posts."""

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .models import Post

ALL_POSTS = frozenset(Post.values)
# Business data is read by the business, finance, audit and leadership posts; the administrator
# manages accounts and areas and sees no personal data.
BUSINESS_READERS = ALL_POSTS - {Post.ADMIN}
REGISTRARS = frozenset({Post.TOWNSHIP_CLERK, Post.COUNTY_OFFICER})
COUNTY_BUSINESS = frozenset({Post.COUNTY_OFFICER})
STAFF_ADMINS = frozenset({Post.ADMIN})


def has_post(user, posts) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.post in posts)


def require_post(user, posts) -> None:
    if not has_post(user, posts):
        raise PermissionDenied


class PostPermission(BasePermission):
    """DRF permission: `read_posts` for safe methods, `write_posts` for the rest (set on the view)."""

    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return has_post(request.user, getattr(view, "read_posts", BUSINESS_READERS))
        return has_post(request.user, getattr(view, "write_posts", frozenset()))
