"""Demo accounts: one per post, clerks for two townships. Demo only."""

from django.contrib.auth.hashers import make_password

from pension.models import Area, AreaLevel, Post, User
from pension.oplog import log_operation

DEMO_PASSWORD = "demo-pass-2026"


def seed_staff(*, county: Area) -> list[User]:
    townships = list(Area.objects.filter(parent=county, level=AreaLevel.TOWNSHIP).order_by("code")[:2])
    village = Area.objects.filter(parent=townships[0], level=AreaLevel.VILLAGE).order_by("code").first()
    plan = [
        ("clerk_a", Post.TOWNSHIP_CLERK, townships[0], "张敏"),
        ("clerk_b", Post.TOWNSHIP_CLERK, townships[1], "李强"),
        ("assistant", Post.VILLAGE_ASSISTANT, village, "王芳"),
        ("officer", Post.COUNTY_OFFICER, county, "刘洋"),
        ("officer2", Post.COUNTY_OFFICER, county, "陈静"),
        ("finance", Post.COUNTY_FINANCE, county, "杨军"),
        ("auditor", Post.AUDITOR, county, "赵丽"),
        ("leader", Post.LEADER, county, "黄涛"),
        ("admin", Post.ADMIN, county, "周磊"),
    ]
    users = []
    # One hash for every demo account (they share the demo password by design): a PBKDF2 hash costs about a
    # second on a busy two-core machine, nine of them were a tenth of the demo's seeding time.
    hashed = None
    for username, post, area, name in plan:
        user = User.objects.filter(username=username).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User(username=username, post=post, area=area, display_name=name, password=hashed)
            user.save()
            log_operation(actor=None, action="staff.create_demo", obj=user, after={"post": post, "area": area.code})
        users.append(user)
    return users
