"""Navigation by post. Each app's AppConfig lists its `nav_items` as (label, url name, posts[, group]) and may
name a `nav_group` for all of them; the kernel collects them without importing any app and groups them by task
(pension/navigation.py)."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from .navigation import DEFAULT_GROUP, GROUP_KEYS, NAV_GROUPS


def _items_for(user):
    items, first = [], set()
    for config in apps.get_app_configs():
        first.update(getattr(config, "nav_first", ()))
        app_group = getattr(config, "nav_group", DEFAULT_GROUP)
        for entry in getattr(config, "nav_items", ()):
            label, url_name, posts = entry[:3]
            group = entry[3] if len(entry) > 3 else app_group
            if user.post not in posts:
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "name": url_name,
                          "group": group if group in GROUP_KEYS else DEFAULT_GROUP, "first": url_name in first})
    # An app may ask for an item to lead the menu (e.g. the clerk's entry screen): stable sort.
    items.sort(key=lambda item: not item["first"])
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = _items_for(user)
    # The active item: the longest navigation URL that the current path starts with.
    path = request.path
    matches = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
    active = max(matches, key=lambda i: len(i["url"])) if matches else None
    if active:
        active["active"] = True
    groups = []
    for key, label in NAV_GROUPS:
        members = [i for i in items if i["group"] == key]
        if members:
            groups.append({"key": key, "label": label, "items": members,
                           "active": active is not None and active["group"] == key})
    return {
        "nav_items": items,
        "nav_groups": groups,
        # The everyday screen of the post (e.g. the clerk's contribution entry) also stands alone on the bar.
        "nav_pinned": [i for i in items if i["first"]],
    }
