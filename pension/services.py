"""Writes of the kernel: areas and staff accounts."""

import json
import random
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Area, AreaLevel, Post, User
from .models.staff import POST_LEVEL
from .oplog import log_operation, snapshot
from .permissions import STAFF_ADMINS, require_post

DATA_DIR = Path(__file__).resolve().parent / "data"
NATURAL_SUFFIXES = ["庄", "沟", "坡", "峪", "湾", "坪", "岭", "洼", "河", "寨"]
NATURAL_STEMS = "东西南北前后上下大小新老石杨李王张刘赵柳桃杏枣槐松柏"


@transaction.atomic
def areas_load_county(*, code: str, actor=None, natural_seed: int = 2026) -> Area:
    """Load a county's townships and villages from the shipped statistical data, and generate 2–8
    natural villages per village (they have no national code). Loading twice changes nothing."""
    path = DATA_DIR / f"county_{code}.json"
    if not path.exists():
        raise ValidationError({"code": _("No area data is shipped for county %(code)s.") % {"code": code}})
    data = json.loads(path.read_text(encoding="utf-8"))
    existing = Area.objects.filter(code=code).first()
    if existing:
        return existing
    rng = random.Random(natural_seed)
    county = Area.objects.create(code=code, name=data["name"], level=AreaLevel.COUNTY)
    villages, naturals = [], []
    for t in data["townships"]:
        township = Area.objects.create(code=t["code"], name=t["name"], level=AreaLevel.TOWNSHIP, parent=county)
        township.township = township
        township.save(update_fields=["township"])
        for vcode, vname in t["villages"]:
            villages.append(
                Area(code=vcode, name=vname, level=AreaLevel.VILLAGE, parent=township, township=township)
            )
    Area.objects.bulk_create(villages, batch_size=1000)
    for village in Area.objects.filter(parent__parent=county, level=AreaLevel.VILLAGE):
        names = set()
        while len(names) < rng.randint(2, 8):
            names.add(rng.choice(NATURAL_STEMS) + rng.choice(NATURAL_STEMS) + rng.choice(NATURAL_SUFFIXES))
        for i, name in enumerate(sorted(names), start=1):
            naturals.append(
                Area(
                    code=f"{village.code}{i:03d}",
                    name=name,
                    level=AreaLevel.NATURAL,
                    parent=village,
                    township_id=village.township_id,
                )
            )
    Area.objects.bulk_create(naturals, batch_size=2000)
    log_operation(
        actor=actor,
        action="areas.load_county",
        obj=county,
        after={"townships": len(data["townships"]), "villages": len(villages), "natural_villages": len(naturals)},
        area=county,
    )
    return county


@transaction.atomic
def staff_create(
    *, username: str, password: str, post: str, area_code: str, display_name: str = "", actor=None,
    must_change_password: bool = False,
) -> User:
    """Create a staff account with exactly one post, at an area of the level that post works at. Created by the
    administrator in the application, the account must change its first password at the first log-in."""
    if actor is not None:
        require_post(actor, STAFF_ADMINS, _("Only the administrator manages staff accounts."))
    errors = {}
    if post not in Post.values:
        errors["post"] = _("Unknown post %(post)s; choose one of: %(posts)s.") % {
            "post": post,
            "posts": ", ".join(Post.values),
        }
    area = Area.objects.filter(code=area_code).first()
    if area is None:
        errors["area"] = _("No area has the code %(code)s.") % {"code": area_code}
    elif post in Post.values and area.level != POST_LEVEL[post]:
        errors["area"] = _("A %(post)s works at %(level)s level, but %(name)s is a %(actual)s.") % {
            "post": Post(post).label,
            "level": AreaLevel(POST_LEVEL[post]).label,
            "name": area.name,
            "actual": area.get_level_display(),
        }
    if User.objects.filter(username=username).exists():
        errors["username"] = _("The username %(username)s is taken.") % {"username": username}
    try:
        # Django's validators (settings.AUTH_PASSWORD_VALIDATORS): length, not common, not all digits, not like
        # the username or display name.
        password_validation.validate_password(password, user=User(username=username, display_name=display_name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user = User(username=username, post=post, area=area, display_name=display_name,
                must_change_password=must_change_password)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    log_operation(
        actor=actor,
        action="staff.create",
        obj=user,
        after=snapshot(user, ["username", "post", "area", "display_name"]),
        area=area,
    )
    return user


STAFF_FIELDS = ["username", "post", "area", "display_name", "is_active", "must_change_password"]


def _staff_change(actor, user: User) -> User:
    require_post(actor, STAFF_ADMINS, _("Only the administrator manages staff accounts."))
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def staff_deactivate(*, actor, user: User) -> User:
    """Close an account (someone left the post). Nothing is deleted: their work keeps their name."""
    user = _staff_change(actor, user)
    if user.pk == actor.pk:
        raise ValidationError({"user": _("You cannot deactivate your own account.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is already deactivated.")})
    before = snapshot(user, STAFF_FIELDS)
    user.is_active = False
    user.save(update_fields=["is_active"])
    log_operation(actor=actor, action="staff.deactivate", obj=user, before=before,
                  after=snapshot(user, STAFF_FIELDS), area=user.area)
    return user


@transaction.atomic
def staff_password_reset(*, actor, user: User, password: str) -> User:
    """Give a temporary password the user must change at the next log-in; a lock-out on the account ends too.
    The password is never logged."""
    user = _staff_change(actor, user)
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages})
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _axes_reset(user.username)
    log_operation(actor=actor, action="staff.password_reset", obj=user, after={"must_change_password": True},
                  area=user.area)
    return user


def _axes_reset(username: str) -> int:
    from axes.utils import reset

    return reset(username=username) or 0


@transaction.atomic
def staff_unlock(*, actor, user: User) -> int:
    """End a lock-out after too many failed log-ins (django-axes), before its 15 minutes run out."""
    user = _staff_change(actor, user)
    count = _axes_reset(user.username)
    log_operation(actor=actor, action="staff.unlock", obj=user, after={"attempts_cleared": count}, area=user.area)
    return count


@transaction.atomic
def staff_password_changed(*, user: User) -> User:
    """The user chose their own password: the pages open again."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
        log_operation(actor=user, action="staff.password_change", obj=user,
                      after={"must_change_password": False}, area=user.area)
    return user
