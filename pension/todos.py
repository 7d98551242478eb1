"""The home page's to-do list (issue 11 item 3): what waits for this user, counted in their scope, each with a
link to the page where it is done.

The kernel imports no app: each app registers its providers in its AppConfig.ready() with `register`. A
provider is a function(user) -> Todo | None that counts through its app's own selectors (so the area scope
applies) and says where to go; it answers None when nothing waits. Providers run only for the posts they name.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    key: str  # e.g. "collection.returned" (unique, used as the element id on the home page)
    label: str  # what waits, in the user's language
    count: int
    url: str


_PROVIDERS: dict[str, tuple] = {}


def register(key: str, provider, *, posts) -> None:
    """Register (or replace: ready() may run twice in tests) a provider under a unique key."""
    _PROVIDERS[key] = (provider, frozenset(posts))


def todos_for(user) -> list[Todo]:
    post = getattr(user, "post", None)
    found = []
    for _key, (provider, posts) in _PROVIDERS.items():
        if post not in posts:
            continue
        todo = provider(user)
        if todo is not None and todo.count:
            found.append(todo)
    return found
