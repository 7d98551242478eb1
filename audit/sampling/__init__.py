"""The sampler's registry. A sample kind is one small declared entry: a code, a label, the focus areas it serves,
`keys(start, end)` returning the (key, day) of every record of that kind in a period, and `describe(keys)`
returning {key: (label, url)}. The sampler knows nothing else of them, so an app that lands later adds its kinds
(a module here) without changing the sampler. A kind whose app is not installed is skipped."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class SampleKind:
    code: str
    label: str
    app: str
    focus_areas: tuple[int, ...]
    keys: Callable[[datetime.date, datetime.date], list[tuple[str | int, datetime.date]]]
    describe: Callable[[list], dict]
    requires: tuple[str, ...] = field(default=())

    @property
    def available(self) -> bool:
        return all(apps.is_installed(a) for a in (self.app, *self.requires))


REGISTRY: dict[str, SampleKind] = {}


def register(kind: SampleKind) -> SampleKind:
    REGISTRY[kind.code] = kind
    return kind


def available_kinds() -> dict[str, SampleKind]:
    return {code: kind for code, kind in REGISTRY.items() if kind.available}


def kinds_for_area(number: int) -> list[str]:
    return [code for code, kind in available_kinds().items() if number in kind.focus_areas]


from . import kinds, kinds_benefits  # noqa: E402,F401  (declare the kinds)
