"""Every page of every post reads in Chinese (issue 11 item 11): walk each post's menu and the pages those pages
link to, and fail on an English word in the visible text or a repeated element id.

Allowed: a few names that are written in Latin letters in Chinese offices too (Excel, ID, API …)."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

PERSONAS = ["clerk_a", "assistant_a", "officer", "finance", "auditor", "leader", "admin_user"]
ALLOWED = {"excel", "id", "api", "csv", "xlsx", "pdf", "ok", "q", "echarts", "htmx", "openapi", "rest", "json",
           "swagger", "utf", "gb", "t", "no", "tel",
           "esc", "enter", "tab", "mb", "kb", "ip"}  # keys as printed on the keyboard, file-size units, IP
# Words that are data, not interface: the demo accounts' user names shown in the header, file names.
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/health/", "/accounts/logout/")
WORD = re.compile(r"[A-Za-z]{2,}")
HALF_WIDTH_AFTER_CHINESE = re.compile("[\u4e00-\u9fff][,:;?!]")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.text, self.ids, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self.skip += 1
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("title", "placeholder", "aria-label"):  # text a user reads too
            if attrs.get(name):
                self.text.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.text.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def _english(text: str, usernames: set[str]) -> set[str]:
    return {w for w in WORD.findall(text) if w.lower() not in ALLOWED and w not in usernames}


@pytest.fixture
def some_data(village_a, make_resident, clerk_a, officer):
    from enrollment import terminations

    resident = make_resident(village_a, name="王秀英", enrolled=True, bank_account="6230123456781234")
    terminations.termination_request(actor=clerk_a, enrollment=resident.enrollments.get(), reason="transfer_out",
                                     terminated_on=resident.enrollments.get().enrolled_on, evidence="转移联系函 1")
    from enrollment import hardship_changes

    # A hardship change waiting (the queue's rows, the resident page's panel) and one list import.
    poor = make_resident(village_a, name="孙七", enrolled=True)
    hardship_changes.hardship_change_request(actor=clerk_a, resident=poor, to_category="dibao", reason="新纳入低保",
                                             evidence="低保证 1")
    _hardship_list(officer, make_resident(village_a, name="周八", enrolled=True))
    return resident


def _hardship_list(officer, resident):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from enrollment.hardship_import import hardship_list_import

    wb = Workbook()
    wb.active.append(["身份证号码", "姓名", "困难类别"])
    wb.active.append([resident.id_number, resident.name, "特困"])
    import datetime

    from pension import idnumber

    wb.active.append([idnumber.build("110101", datetime.date(1990, 3, 7), 1), "陌生人", "低保"])
    buf = io.BytesIO()
    wb.save(buf)
    hardship_list_import(actor=officer, source="civil_affairs", upload=SimpleUploadedFile("名单.xlsx", buf.getvalue()))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reachable_from_the_menu_is_chinese_with_unique_ids(request, web, persona, some_data):
    user = request.getfixturevalue(persona)
    usernames = {user.username, "clerk", "admin", "officer", "finance", "auditor", "leader", "assistant"}
    client = web(user)
    home = client.get("/")
    nav = [i["url"] for i in home.context["nav_items"]]
    queue, seen, problems = ["/", *nav], set(), []
    depth = dict.fromkeys(queue, 0)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        text = " ".join(parser.text)
        words = _english(text, usernames)
        if words:
            problems.append(f"{url}: English {sorted(words)}")
        ascii_marks = sorted({m.group(0) for m in HALF_WIDTH_AFTER_CHINESE.finditer(text)})
        if ascii_marks:
            problems.append(f"{url}: half-width punctuation after Chinese {ascii_marks}")
        duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
        if duplicates:
            problems.append(f"{url}: repeated ids {duplicates}")
        if depth[url] >= 1:
            continue
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
                continue
            if "export" in parts.path or "export" in parts.query or parts.path.endswith((".xlsx", ".csv")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    assert not problems, "\n".join(problems)


def test_chinese_messages_use_full_width_punctuation():
    """Every catalogue's Chinese text: ，。：；？！ and （）, not their ASCII forms after a Chinese character."""
    from pathlib import Path

    from django.conf import settings

    cjk = "[\u4e00-\u9fff]"
    bad = re.compile(rf"{cjk}[,:;?!]|{cjk}\.(\s|$)|{cjk}\(|\({cjk}[^)]*\)")
    problems = []
    for po in sorted(Path(settings.BASE_DIR).glob("*/locale/zh_Hans/LC_MESSAGES/django.po")) + [
            Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"]:
        in_msgstr = False
        for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("msgstr"):
                in_msgstr = True
            elif not line.startswith('"'):
                in_msgstr = False
            text = line.split('"', 1)[-1]
            if in_msgstr and bad.search(text.replace("%(", "")):
                problems.append(f"{po.relative_to(settings.BASE_DIR)}:{number}: {text}")
    assert not problems, "\n".join(problems)
