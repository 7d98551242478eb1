"""The identity scheduled jobs read with. A beat job has no person: it reads the whole county through the
selectors as an unsaved county-level identity, and writes with actor=None (the operation log shows no person
and benefits records the job's `source`)."""

from pension.models import Area, AreaLevel, Post, User


def system_reader() -> User:
    county = Area.objects.filter(level=AreaLevel.COUNTY).order_by("code").first()
    return User(username="system", post=Post.COUNTY_OFFICER, area=county, is_active=True)
