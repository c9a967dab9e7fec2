"""The bundle in Debian's Chromium with touch emulation, from file:// and from a local server.

Every request the page makes is routed: anything that is not file:// or 127.0.0.1 fails the
test. Console errors (CSP refusals included) fail it too. Screenshots of both orientations
are kept in the artifacts folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from gov_disclosure_kiosk import pull_bundle

from testsupport.catalogue import decode_qr
from testsupport.samples import CREDIT, bulk_editions

pytestmark = pytest.mark.browser

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
LOW_INCOME = "示例镇2026年3月城乡最低生活保障对象公示"


class Guard:
    """Routes every request; records those leaving the bundle, and console errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file://", "http://127.0.0.1:", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture
def open_kiosk(browser) -> Iterator[Callable[..., object]]:
    """``open_kiosk(url, viewport)`` -> a touch page that finished its first screen."""
    contexts, guards = [], []

    def open_(url: str, viewport: dict[str, int]):
        context = browser.new_context(
            has_touch=True, is_mobile=False, viewport=viewport, locale="zh-CN"
        )
        guard = Guard()
        context.route("**/*", guard.route)
        page = context.new_page()
        page.on("console", lambda m: guard.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: guard.errors.append(str(e)))
        page.on("dialog", lambda d: (guard.dialogs.append(d.message), d.dismiss()))
        contexts.append(context)
        guards.append(guard)
        page.goto(url)
        page.wait_for_selector("html[data-ready='1']", timeout=10_000)
        return page

    yield open_
    for context in contexts:
        context.close()
    for guard in guards:
        assert guard.outside == [], f"requests left the bundle: {guard.outside}"
        assert guard.errors == [], f"console errors: {guard.errors}"
        assert guard.dialogs == []


def _file_url(bundle: Path, query: str = "") -> str:
    return f"{bundle.as_uri()}/index.html{query}"


def _small_targets(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('button')]
            .filter(b => b.offsetParent !== null)
            .map(b => [b.textContent.trim(), b.getBoundingClientRect()])
            .filter(([, r]) => r.width < 60 || r.height < 60)
            .map(([t, r]) => t + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))"""
    )


def test_tap_through_a_column_to_an_item_from_file_url(bundle, open_kiosk, artifacts_dir):
    page = open_kiosk(_file_url(bundle), PORTRAIT)
    assert page.get_attribute("html", "data-orientation") == "portrait"
    assert _small_targets(page) == []
    page.screenshot(path=str(artifacts_dir / "kiosk-portrait-home.png"))
    page.locator("[data-column='社会救助']").tap()
    page.wait_for_selector("#screen-list:not([hidden])")
    assert page.inner_text("#list-title").startswith("栏目：社会救助")
    page.locator("#list button[data-slug]", has_text=LOW_INCOME).tap()
    page.wait_for_selector("#screen-item:not([hidden]) table.meta")
    meta = page.inner_text("table.meta")
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "文号", "主题分类", "有效性"):
        assert label in meta
    assert f"{CREDIT}/2026-00004" in meta and "民政、扶贫、救灾" in meta
    assert "公示期：2026-03-06 至 2026-03-12" in page.inner_text("#item")
    assert _small_targets(page) == []
    expected_url = f"https://gk.example.gov.cn/items/{CREDIT}-2026-00004.html"
    assert decode_qr(page, "#item-qr img") == [expected_url]
    page.screenshot(path=str(artifacts_dir / "kiosk-portrait-item.png"))
    page.locator("#screen-item button.back").tap()
    page.wait_for_selector("#screen-list:not([hidden])")


def test_table_and_attachments_are_shown(bundle, open_kiosk):
    page = open_kiosk(_file_url(bundle), LANDSCAPE)
    page.locator("[data-column='财政预决算']").tap()
    page.locator("#list button[data-slug]").first.tap()
    page.wait_for_selector("#screen-item:not([hidden]) ul.attachments")
    assert "2026年预算附表.txt" in page.inner_text("ul.attachments")
    page.locator("#btn-home").tap()
    page.locator("[data-column='村级财务']").tap()
    page.locator("#list button[data-slug]").first.tap()
    page.wait_for_selector("#screen-item:not([hidden]) table.data")
    assert "12,450.50" in page.inner_text("table.data")


def test_find_low_income_notice_with_db_on_the_screen_keyboard(
    catalogue, channel, bundle, open_kiosk, serve, artifacts_dir
):
    newer = bulk_editions(1)[0].model_copy(  # initials 'slzldbztzdtz': "db" inside a word
        update={
            "index_no": f"{CREDIT}/2026-00800",
            "title": "示例镇领导班子调整的通知",
            "published_on": date(2026, 3, 6),
        }
    )
    catalogue.put(newer)
    channel.publish(newer)
    page = open_kiosk(serve(bundle) + "/index.html", LANDSCAPE)
    assert page.get_attribute("html", "data-orientation") == "landscape"
    page.screenshot(path=str(artifacts_dir / "kiosk-landscape-home.png"))
    page.locator("#open-search").tap()
    for key in "DB":
        page.locator(f"#keyboard button[data-key='{key}']").tap()
    assert page.input_value("#q") == "DB"
    titles = page.locator("#results button[data-slug] .t").all_inner_texts()
    assert titles[0] == LOW_INCOME  # 低保 is a term of its title; 领导班子 only holds d-b
    assert "示例镇领导班子调整的通知" in titles
    assert _small_targets(page) == []
    page.screenshot(path=str(artifacts_dir / "kiosk-landscape-search.png"))
    page.locator("#keyboard button[data-key='Clear']").tap()
    for key in "DIBAO":
        page.locator(f"#keyboard button[data-key='{key}']").tap()
    titles = page.locator("#results button[data-slug] .t").all_inner_texts()
    assert any(LOW_INCOME in t for t in titles)
    page.locator("#keyboard button[data-key='Clear']").tap()
    page.locator("#q").focus()
    page.keyboard.insert_text("道路")  # a kiosk with a physical keyboard types characters
    titles = page.locator("#results button[data-slug] .t").all_inner_texts()
    assert titles == ["示例镇东村道路硬化工程中标结果公示"]
    first = page.locator("#results button[data-slug]").first
    first.tap()
    page.wait_for_selector("#screen-item:not([hidden]) #item-qr img")
    page.screenshot(path=str(artifacts_dir / "kiosk-landscape-item.png"))


def test_large_text_then_idle_reset_goes_home_and_clears_search(bundle, open_kiosk, artifacts_dir):
    page = open_kiosk(_file_url(bundle, "?idle=1"), PORTRAIT)
    size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.evaluate(size)
    page.locator("#open-search").tap()
    page.locator("#keyboard button[data-key='D']").tap()
    page.locator("#keyboard button[data-key='B']").tap()
    page.locator("#btn-large").tap()
    assert page.evaluate(size) > normal
    assert page.get_attribute("#btn-large", "aria-pressed") == "true"
    assert _small_targets(page) == []
    page.screenshot(path=str(artifacts_dir / "kiosk-portrait-search-large.png"))
    page.wait_for_selector("html[data-resets='1']", timeout=10_000)
    assert page.is_visible("#screen-home") and not page.is_visible("#screen-search")
    assert page.input_value("#q") == ""
    assert page.evaluate(size) == normal
    assert page.locator("#results button").count() == 0


def test_high_contrast_mode(bundle, open_kiosk, artifacts_dir):
    page = open_kiosk(_file_url(bundle, "?orientation=landscape"), PORTRAIT)
    assert page.get_attribute("html", "data-orientation") == "landscape"
    bg = "() => getComputedStyle(document.body).backgroundColor"
    before = page.evaluate(bg)
    page.locator("#btn-contrast").tap()
    assert page.evaluate(bg) == "rgb(0, 0, 0)" != before
    page.screenshot(path=str(artifacts_dir / "kiosk-contrast.png"))


def test_a_script_in_a_title_never_runs(catalogue, channel, bundle, open_kiosk):
    payloads = [
        '<img src=x onerror="window.__pwned=1">关于道路维修的通知',
        "<script>window.__pwned=2</script>道路养护公告",
    ]
    for seq, title in enumerate(payloads, start=700):
        evil = bulk_editions(1)[0].model_copy(
            update={"index_no": f"{CREDIT}/2026-{seq:05d}", "title": title, "body": title}
        )
        catalogue.put(evil)
        channel.publish(evil)
    page = open_kiosk(_file_url(bundle), PORTRAIT)
    page.locator("#open-search").tap()
    page.locator("#q").focus()
    page.keyboard.insert_text("道路")
    titles = page.locator("#results button[data-slug] .t").all_inner_texts()
    assert payloads[0] in titles and payloads[1] in titles
    page.locator("#results button[data-slug]", has_text="onerror").tap()
    page.wait_for_selector("#screen-item:not([hidden]) #item h2")
    assert page.inner_text("#item h2") == payloads[0]
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#main img:not(#item-qr img), #main script").count() == 0


def test_a_big_catalogue_pages_through_results(catalogue, channel, bundle, open_kiosk):
    for edition in bulk_editions(120):  # every tenth title holds 低保
        catalogue.put(edition)
    channel.rebuild()
    page = open_kiosk(_file_url(bundle), PORTRAIT)
    page.locator("#open-search").tap()
    for key in "DB":
        page.locator(f"#keyboard button[data-key='{key}']").tap()
    assert page.locator("#results button[data-slug]").count() == 8
    info = page.inner_text("#search-info")
    assert info.startswith("找到 ") and int(info.split()[1]) > 8
    page.locator("#search-pager button.next").tap()
    assert "第 2 /" in page.inner_text("#search-pager")
    # the indexed search returns exactly what a plain scan of every row returns, in order
    for query in ("db", "DB", "gydb", "dibao", "tz", "2026", "低保", "道路", "xyz", "ｄｂ"):
        same = page.evaluate(
            "(q) => JSON.stringify(KIOSK.catalog.search(q)) === "
            "JSON.stringify(KIOSK.catalog.naiveSearch(q))",
            query,
        )
        assert same, query


def test_a_pulled_kiosk_runs_from_its_current_folder(
    catalogue, channel, bundle, open_kiosk, tmp_path
):
    kiosk_dir = tmp_path / "hall"
    pull_bundle(bundle, kiosk_dir)
    new = bulk_editions(1)[0].model_copy(
        update={"index_no": f"{CREDIT}/2026-00950", "title": "关于医保缴费的通知",
                "published_on": date(2026, 3, 6)}
    )  # fmt: skip
    catalogue.put(new)
    channel.publish(new)
    pull_bundle(bundle, kiosk_dir)
    page = open_kiosk(_file_url(kiosk_dir / "current"), PORTRAIT)
    page.locator("#latest button[data-slug]", has_text="关于医保缴费的通知").tap()
    page.wait_for_selector("#screen-item:not([hidden]) table.meta")
    assert f"{CREDIT}/2026-00950" in page.inner_text("table.meta")
