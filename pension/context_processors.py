"""Navigation by post. Each app's AppConfig lists its `nav_items` as (label, url name, posts); the kernel
collects them without importing any app."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items, first = [], set()
    for config in apps.get_app_configs():
        first.update(getattr(config, "nav_first", ()))
        for label, url_name, posts in getattr(config, "nav_items", ()):
            if user.post in posts:
                try:
                    items.append({"label": label, "url": reverse(url_name), "name": url_name})
                except NoReverseMatch:
                    continue
    # An app may ask for an item to lead the menu (e.g. the clerk's entry screen): stable sort.
    items.sort(key=lambda item: item["name"] not in first)
    # The active item: the longest navigation URL that the current path starts with.
    path = request.path
    matches = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items}
