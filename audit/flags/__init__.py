"""The red-flag rules' registry. A rule is one small declared entry: a code, a title, the rule text auditors read,
the apps it needs, and `find(params, today)` yielding a Hit per case. The nightly job runs every rule whose apps
are installed; an app that lands later adds its rules (a module here) without changing the job."""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass
class Hit:
    key: str  # the case, stable from night to night
    summary: str
    links: list[tuple[str, str]]  # (label, url) of the records
    state: object  # what the records are now: a change of it brings a dismissed flag back

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.state, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    text: str
    find: Callable[[object, datetime.date], Iterable[Hit]]
    apps: tuple[str, ...] = field(default=())

    @property
    def available(self) -> bool:
        return all(apps.is_installed(a) for a in self.apps)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    RULES[rule.code] = rule
    return rule


def available_rules() -> dict[str, Rule]:
    return {code: rule for code, rule in RULES.items() if rule.available}


from . import rules, rules_benefits  # noqa: E402,F401  (declare the rules)
