"""Discovery of every endpoint, form field and query parameter, and a corpus of hostile values.

Browser pages are found by crawling from the home page as each persona (so detail pages are reached with real
ids in the persona's scope) plus every pattern in the URLconf (so a page no link reaches is still tried, with a
made-up id). Forms and their fields are read from the HTML; API operations, their query parameters and body
fields from the OpenAPI schema. An app that lands later is covered without touching this module.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

NESTED = "[" * 5000 + "]" * 5000

# One value per failure seen in the probe (and a few classics).
HOSTILE = [
    "\x00",
    "a\x00b",
    "1e30",
    "NaN",
    "Infinity",
    "-1",
    "1.234",
    "99999999999999999999999",
    "２０２６",
    "260100213①",
    "١٢٣٤",
    "2026-02-30",
    "garbage",
    "'; DROP TABLE x; --",
    "\u202egnp.exe",
    "\u200b\u200b",
    "x" * 5000,
    NESTED,
    "",
]
# The values tried one field at a time (the others keep their form's own values).
HOSTILE_PER_FIELD = ["1e30", "1.234", "260100213①", "2026-02-30", "x" * 5000]
HOSTILE_QUERY = ["\x00", "abc", "http://[", "1e30", "-1", "99999999999999999999999", "2026-02-30", "①", "x" * 3000]
COMMON_QUERY = ["page", "page_size", "q", "year", "month", "township", "village", "status", "date", "next",
                "ordering", "format", "id", "pk", "resident", "grade", "kind", "period", "start", "end"]


def walk(patterns=None, prefix=""):
    """(regex of the full path, url name, the pattern's converters) for every URL pattern."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + _regex(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + _regex(p.pattern), p.name


def _regex(pattern) -> str:
    regex = getattr(pattern, "regex", None)
    return regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "") if regex is not None else str(pattern)


def fill(regex: str, value: str) -> str | None:
    """A concrete path for a pattern, every parameter set to `value`; None for format-suffix variants."""
    if "format" in regex:
        return None
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", value, regex)
    path = path.replace("\\.", ".").replace("\\", "")
    if any(c in path for c in "()[]*+?^$"):
        return None
    return "/" + path


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict = field(default_factory=dict)  # name -> a plausible value from the page
    files: list = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page):
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for attr in ("hx-get", "hx-post"):
            if a.get(attr):
                self.links.append(a[attr])
        if tag == "form":
            self._form = Form(self.page, a.get("action") or self.page, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            name = a["name"]
            if tag == "input":
                kind = (a.get("type") or "text").lower()
                if kind == "file":
                    self._form.files.append(name)
                elif kind in ("checkbox", "radio"):
                    self._form.fields.setdefault(name, a.get("value", "on"))
                elif kind not in ("submit", "button", "image"):
                    self._form.fields[name] = a.get("value", "")
            elif tag == "textarea":
                self._form.fields[name] = ""
            elif tag == "select":
                self._select = name
                self._form.fields[name] = ""
        elif tag == "option" and self._select and self._form is not None:
            if not self._form.fields.get(self._select) and a.get("value"):
                self._form.fields[self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse(page: str, html: str) -> tuple[list[str], list[Form]]:
    parser = _Parser(page)
    parser.feed(html)
    links = []
    for href in parser.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links, parser.forms


def crawl(client, start="/", limit_per_name=1, skip=("/accounts/logout/",), fetch=None):
    """Pages reachable from `start` by GET: {path: response}, at most `limit_per_name` per URL name. `fetch(url)`
    sends the GET (default `client.get`); when it answers None the page is left out."""
    from django.urls import Resolver404, resolve

    seen_names: dict[str, int] = {}
    pages: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in pages or url.split("?")[0] in skip:
            continue
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}"  # apps reuse short names ("entry", "dashboard")
        if seen_names.get(name, 0) >= limit_per_name:
            continue
        seen_names[name] = seen_names.get(name, 0) + 1
        response = fetch(url) if fetch else client.get(url)
        if response is None:
            continue
        pages[url] = response
        if response.get("Content-Type", "").startswith("text/html"):
            links, response.forms_found = parse(url, response.content.decode("utf-8", "replace"))
            queue.extend(links)
    return pages


def api_operations(user):
    """(method, path template, query parameter names, body field names) from the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            query = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
            body = []
            content = (op.get("requestBody") or {}).get("content", {})
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                props = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
                body = list(props)
                break
            yield method, path, query, body


def json_body(fields: list[str], value: str) -> str:
    """A JSON object with every field set to `value`; the nested-brackets value goes in raw, as an attacker
    would send it (Python's own json module could not even build it)."""
    if value is NESTED:
        return "{" + ", ".join(f"{json.dumps(name)}: {NESTED}" for name in fields or ["x"]) + "}"
    return json.dumps(dict.fromkeys(fields, value))


def query(params: dict) -> str:
    return "?" + urlencode(params)
