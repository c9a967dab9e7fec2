"""The display in Debian's Chromium at each configured size, checked against layout rules.

Rules: every text element shows all its text (``scrollWidth <= clientWidth`` and the same for
heights) inside the display area, or is the moving line of the scrolling mode; the ink of a
Chinese character is at least ``MIN_INK`` of the display height. Every request must stay in the
bundle and the console must stay clean (a CSP refusal fails the test). Screenshots are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest

from testsupport.catalogue import decode_qr
from testsupport.samples import make_edition

pytestmark = pytest.mark.browser

TODAY = "2026-03-06"
BASE_URL = "https://gk.example.gov.cn"  # as in conftest.py

#: Layout report of the slide on screen: per text element its overflow, box and glyph height.
LAYOUT = """() => {
  const stage = document.getElementById('stage').getBoundingClientRect();
  const ink = (el) => {
    const ctx = document.createElement('canvas').getContext('2d');
    const cs = getComputedStyle(el);
    ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
    const m = ctx.measureText('政');
    return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  };
  const out = [];
  for (const el of document.querySelectorAll('#stage *')) {
    if (el.offsetParent === null || el.closest('[hidden]')) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    out.push({
      id: el.id || el.tagName, text: el.textContent,
      cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
      outside: r.left < stage.left - 1 || r.top < stage.top - 1 ||
               r.right > stage.right + 1 || r.bottom > stage.bottom + 1,
      ink: ink(el),
    });
  }
  return {width: stage.width, height: stage.height, texts: out};
}"""


class Guard:
    """Routes every request; records those leaving the bundle, and console errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture
def open_screen(browser) -> Iterator[Callable[..., object]]:
    """``open_screen(root, width, height, query)`` -> a page that drew its first screen."""
    contexts, guards = [], []

    def open_(root, width: int, height: int, query: str = f"?hold=1&today={TODAY}"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        guard = Guard()
        context.route("**/*", guard.route)
        page = context.new_page()
        page.on("console", lambda m: guard.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: guard.errors.append(str(e)))
        contexts.append(context)
        guards.append(guard)
        page.goto(f"{root.as_uri()}/index.html{query}")
        page.wait_for_selector("html[data-ready='1']", state="attached", timeout=10_000)
        return page

    yield open_
    for context in contexts:
        context.close()
    for guard in guards:
        assert guard.outside == [], f"requests left the bundle: {guard.outside}"
        assert guard.errors == [], f"console errors: {guard.errors}"


def _check_slide(page, width: int, height: int, min_ink: float) -> dict:
    layout = page.evaluate(LAYOUT)
    assert (layout["width"], layout["height"]) == (width, height)
    assert layout["texts"], "nothing on screen"
    for text in layout["texts"]:
        assert not text["cut"], f"text cut: {text}"
        assert not text["outside"], f"text outside the display: {text}"
        assert text["ink"] >= min_ink, f"characters too small: {text}"
    return layout


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_every_slide_fits_in_large_type_with_its_qr_code(
    make_channel, catalogue, open_screen, artifacts_dir, width, height
) -> None:
    long_title = "关于" + "示例镇农村集体经济组织成员身份确认及收益分配" * 6 + "的公示"
    catalogue.put(
        make_edition(
            40,
            title=long_title,
            published_on=date(2026, 3, 6),
            notice_ends_on=date(2026, 3, 20),
            publisher="示例县示例镇人民政府农业农村和社会事务综合服务中心（示例镇便民服务中心）",
            summary="经村民代表会议讨论通过，现将成员名单及分配方案予以公示。" * 8,
        )
    )
    root = make_channel(width=width, height=height).rebuild().root
    page = open_screen(root, width, height)
    count = page.evaluate("window.SCREEN.count()")
    assert count == 10  # 3 running 公示 and the 7 other public items
    min_ink = 0.025 * height if width > height else 0.015 * height
    for i in range(count):
        page.evaluate(f"window.SCREEN.show({i})")
        _check_slide(page, width, height, min_ink)
        slug = page.get_attribute("#stage", "data-slug")
        assert decode_qr(page, "#s-qr") == [f"{BASE_URL}/items/{slug}.html"]
        if i < 3:
            page.screenshot(path=str(artifacts_dir / f"screen-{width}x{height}-{i}.png"))
    page.evaluate("window.SCREEN.show(2)")  # the long notice: shortened, never cut
    assert page.inner_text("#s-title").startswith("关于示例镇")
    assert page.inner_text("#s-notice") == "公示期：3月7日至3月20日"


def test_led_module_scrolls_one_line_of_large_text(make_channel, open_screen, artifacts_dir):
    root = make_channel(width=192, height=64).rebuild().root
    page = open_screen(root, 192, 64, f"?today={TODAY}")
    assert page.get_attribute("html", "data-mode") == "scroll"
    assert page.is_hidden("#slide") and page.is_visible("#ticker")
    text = page.inner_text("#ticker-text")
    assert text.startswith("【公示】示例镇东村道路硬化工程中标结果公示")
    box = page.evaluate(
        """() => {
          const t = document.getElementById('ticker'), s = document.getElementById('ticker-text');
          const cs = getComputedStyle(s), ctx = document.createElement('canvas').getContext('2d');
          ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
          const m = ctx.measureText('政');
          return {w: t.clientWidth, h: t.clientHeight, lineH: s.getBoundingClientRect().height,
                  ink: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
                  wrap: cs.whiteSpace, x: s.style.transform};
        }"""
    )
    assert (box["w"], box["h"]) == (192, 64)
    assert box["wrap"] == "nowrap" and box["lineH"] <= 64 + 1  # one line, not cut vertically
    assert box["ink"] >= 0.6 * 64, box
    first = box["x"]
    moved = None
    for _ in range(50):  # the line moves: text longer than the module is scrolled, not cut
        page.wait_for_timeout(100)
        moved = page.evaluate("document.getElementById('ticker-text').style.transform")
        if moved != first:
            break
    assert moved != first, "the line does not move"
    page.screenshot(path=str(artifacts_dir / "screen-192x64.png"))


def test_display_drops_a_notice_whose_period_ended_before_the_next_sync(
    make_channel, open_screen
) -> None:
    root = make_channel().rebuild().root
    page = open_screen(root, 1920, 1080, "?hold=1&today=2026-03-09")
    assert page.evaluate("window.SCREEN.count()") == 8  # the tender notice (to 03-08) is gone
    page = open_screen(root, 1920, 1080, "?hold=1&today=2026-03-13")
    assert page.evaluate("window.SCREEN.count()") == 7
    assert page.inner_text("#s-tag") != "公示"
