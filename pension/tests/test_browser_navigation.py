"""Every post's menu bar at 1366×768 in Debian's Chromium (issue 11 item 3): every navigation item is visible,
inside the viewport and on one line; the drop-downs open by mouse and keyboard and close with Esc; the current
group is highlighted.

Set PENSION_SCREENSHOTS=<dir> to keep a screenshot of each post's open menus."""

import os
from pathlib import Path

import pytest

PERSONAS = ["clerk_a", "assistant_a", "officer", "finance", "auditor", "leader", "admin_user"]
WIDTH, HEIGHT = 1366, 768

MEASURE = """el => {
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  const lh = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.4;
  const inner = r.height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)
                - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth);
  return {text: el.innerText.trim(), left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          lines: Math.round(inner / lh), clipped: el.scrollWidth > el.clientWidth + 1};
}"""


def _check(box, who):
    where = f"{who}: {box['text']!r} {box}"
    assert box["left"] >= 0 and box["top"] >= 0, where
    assert box["right"] <= WIDTH and box["bottom"] <= HEIGHT, where
    assert box["lines"] == 1 and not box["clipped"], where


def _shot(page, name):
    folder = os.environ.get("PENSION_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"nav-{name}.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_posts_menu_fits_1366_on_one_line_and_works_by_mouse_and_keyboard(live_server, chromium, request):
    users = {name: request.getfixturevalue(name) for name in PERSONAS}
    for name, user in users.items():
        context = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-for-tests-123")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        # The bar itself: brand, pinned links, group titles and the user block, each on one line, on screen.
        for selector in (".brand", "nav.mainnav > a", "nav.mainnav > details > summary", ".who > span"):
            for element in page.locator(selector).all():
                assert element.is_visible(), f"{name}: {selector}"
                _check(element.evaluate(MEASURE), name)
        tops = {round(s.bounding_box()["y"]) for s in page.locator("nav.mainnav > details > summary").all()}
        assert len(tops) <= 1, f"{name}: the menu bar wraps ({tops})"

        groups = page.locator("nav.mainnav > details[data-menu]")
        for i in range(groups.count()):
            group = groups.nth(i)
            group.locator("summary").click()
            links = group.locator(".menu-items a")
            assert links.count() >= 1
            for link in links.all():
                assert link.is_visible(), f"{name}: {link.inner_text()}"
                _check(link.evaluate(MEASURE), name)
            # Only one drop-down is open at a time.
            assert page.locator("nav.mainnav > details[open]").count() == 1
            _shot(page, f"{name}-{i}")
        page.keyboard.press("Escape")
        assert page.locator("nav.mainnav > details[open]").count() == 0

        if groups.count():
            # Keyboard: Tab to a group title, Enter opens, ArrowDown reaches its first item, Esc closes and
            # gives the focus back to the title.
            first = groups.first
            first.locator("summary").focus()
            page.keyboard.press("Enter")
            assert first.evaluate("d => d.open")
            page.keyboard.press("ArrowDown")
            assert page.evaluate("document.activeElement.closest('.menu-items') !== null")
            page.keyboard.press("Escape")
            assert not first.evaluate("d => d.open")
            assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
            # The current group is highlighted after following one of its items.
            first.locator("summary").click()
            key = first.get_attribute("id")
            first.locator(".menu-items a").first.click()
            page.wait_for_load_state()
            assert "active" in page.locator(f"#{key}").get_attribute("class"), name
        context.close()
