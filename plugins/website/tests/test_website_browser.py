"""The built site in headless Chromium: navigation, search, the large-text switch, XSS."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from website_testlib import read

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def site(make_channel, catalogue, editions: list) -> Path:
    """The sample site plus a 低保 funds notice (the word the search test looks for)."""
    funds = editions[3].model_copy(
        update={
            "item_id": 40,
            "index_no": editions[3].index_no[:-5] + "00040",
            "title": "示例镇2026年第一季度低保资金发放情况公示",
            "body": "本季度共发放城乡低保资金12.6万元。",
            "notice_period": None,
            "notice_ends_on": None,
        }
    )
    catalogue.put(funds)
    ch = make_channel("browser-site")
    ch.rebuild()
    return ch.out_dir


def local_only(page, outside: list[str]) -> None:
    """Abort and remember every request that would leave 127.0.0.1 (or file://)."""

    def handle(route) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith("file://") or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", handle)


def test_home_to_item_through_the_catalogue_and_search(
    page, site: Path, serve, artifacts_dir: Path, editions: list
) -> None:
    outside: list[str] = []
    local_only(page, outside)
    base = serve(site)
    page.set_default_timeout(10_000)
    page.set_viewport_size(DESKTOP)
    page.goto(base + "index.html")
    page.screenshot(path=artifacts_dir / "home-desktop.png", full_page=True)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="公开目录").click()
    page.get_by_role("link", name="民政、扶贫、救灾").click()
    page.get_by_role("link", name=editions[3].title).click()
    assert page.locator("h1").inner_text().startswith(editions[3].title)
    assert page.url.endswith(f"items/{editions[3].slug}.html")
    page.screenshot(path=artifacts_dir / "item-desktop.png", full_page=True)

    page.goto(base + "search.html")
    page.get_by_label("搜索关键词").fill("低保")
    page.get_by_role("button", name="搜索").click()
    results = page.locator("#search-results li a")
    results.first.wait_for()
    assert results.all_inner_texts() == ["示例镇2026年第一季度低保资金发放情况公示"]
    assert "找到" in page.locator("#search-status").inner_text()
    page.screenshot(path=artifacts_dir / "search-desktop.png", full_page=True)

    page.goto(base + "search.html?q=" + "最低生活保障")
    results.first.wait_for()
    assert results.all_inner_texts() == [editions[3].title]
    page.goto(base + "search.html?q=" + "不存在的词语")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('没有')")
    assert page.locator("#search-results li").count() == 0
    assert outside == []


def test_large_text_and_contrast_switch_without_javascript(
    browser, site: Path, serve, artifacts_dir: Path, editions: list
) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    outside: list[str] = []
    local_only(page, outside)
    base = serve(site)
    page.goto(base + f"items/{editions[2].slug}.html")
    size = "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    normal = page.evaluate(size)
    page.screenshot(path=artifacts_dir / "item-phone.png", full_page=True)
    page.get_by_text("大字", exact=True).click()
    assert page.evaluate(size) >= normal * 1.25
    page.get_by_text("高对比度", exact=True).click()
    background = page.evaluate("getComputedStyle(document.querySelector('.page')).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    page.screenshot(path=artifacts_dir / "item-phone-large-contrast.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "no sideways scrolling on a phone"
    context.close()
    assert outside == []


def test_reading_switches_are_remembered_on_the_next_page(
    browser, site: Path, serve, editions: list
) -> None:
    """With JavaScript, 大字 chosen on one page stays on for the next (this browser only)."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    base = serve(site)
    page.goto(base + "index.html")
    page.get_by_text("大字", exact=True).click()
    page.goto(base + f"items/{editions[2].slug}.html")
    page.wait_for_function("document.getElementById('opt-large').checked")
    assert not page.evaluate("document.getElementById('opt-contrast').checked")
    page.get_by_text("大字", exact=True).click()  # off again: remembered as off
    page.goto(base + "index.html")
    page.wait_for_load_state("load")
    assert not page.evaluate("document.getElementById('opt-large').checked")
    context.close()


def test_search_works_from_file_url(page, site: Path, editions: list) -> None:
    page.goto((site / "search.html").as_uri() + "?q=财务收支")
    page.locator("#search-results li a").first.wait_for()
    assert page.locator("#search-results li a").first.inner_text() == editions[2].title


def test_a_script_in_a_title_never_runs(
    page, make_channel, catalogue, editions: list, serve
) -> None:
    evil = editions[4].model_copy(
        update={
            "title": "低保<img src=x onerror=\"window.__pwned=1;fetch('/pwned')\">"
            "<script>window.__pwned=2</script>",
        }
    )
    catalogue.put(evil)
    ch = make_channel("evil")
    ch.rebuild()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    base = serve(ch.out_dir)
    for path in (
        "index.html",
        f"items/{evil.slug}.html",
        "catalogue/all/index.html",
        "search.html?q=低保",
    ):
        page.goto(base + path)
        if path.startswith("search"):
            page.locator("#search-results li a").first.wait_for()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    assert not [u for u in requested if u.endswith(("/pwned", "/x"))]
    assert "<script>window.__pwned=2</script>" in page.locator("#search-results").inner_text()
    assert "&lt;script&gt;" in read(ch.out_dir, f"items/{evil.slug}.html")


def test_search_reads_long_lists_from_their_pieces(
    page, make_channel, editions: list, serve
) -> None:
    from gov_disclosure_website.search_index import Layout

    from gov_disclosure.models import Audience

    ch = make_channel("pieces")
    ch.search_layout = Layout(long_ids=2, boundary_bits=1)  # 示例, 例镇 … get pieces
    ch.rebuild()
    assert len(list((ch.out_dir / "search/p").glob("*.js"))) > 20
    expected = sorted(
        e.title
        for e in editions
        if e.audience is Audience.PUBLIC
        and "示例镇" in " ".join([e.title, e.doc_number or "", e.summary, e.body])
    )
    assert len(expected) > 3
    page.goto(serve(ch.out_dir) + "search.html?q=示例镇")
    page.locator("#search-results li a").first.wait_for()
    assert sorted(page.locator("#search-results li a").all_inner_texts()) == expected
