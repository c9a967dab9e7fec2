"""Searching by 索引号 and 文号 (exact and in part), and the county-wide search filtered by
body, in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from website_bodies_testlib import VILLAGE, county_editions

pytestmark = pytest.mark.browser


@pytest.fixture
def site(make_channel, catalogue, editions: list) -> Path:
    numbered = editions[4].model_copy(
        update={
            "item_id": 77,
            "index_no": "000014349/2026-00012",
            "title": "示例镇2026年春季防汛工作安排",
            "doc_number": "示政办〔2026〕12号",
        }
    )
    catalogue.put(numbered)
    ch = make_channel("ids")
    ch.rebuild()
    return ch.out_dir


def _results(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_function(
        "!document.getElementById('search-status').textContent.includes('正在')"
        " && document.getElementById('search-status').textContent !== ''"
    )
    return page.locator("#search-results li a").all_inner_texts()


@pytest.mark.parametrize(
    "query",
    ["000014349/2026-00012", "2026-00012", "000014349", "示政办〔2026〕12号", "示政办〔2026〕12"],
)
def test_an_item_is_found_by_its_index_or_document_number(
    page, site: Path, serve, catalogue, query
) -> None:
    found = _results(page, serve(site) + "search.html?q=" + query)
    assert found[:1] == ["示例镇2026年春季防汛工作安排"], found
    if query == "000014349/2026-00012":
        assert found == ["示例镇2026年春季防汛工作安排"]  # exact: no near misses
    if query == "2026-00012":  # in part: every 索引号 holding it, and nothing else
        holding = {e.title for e in catalogue.editions if query in e.index_no}
        assert set(found) == holding and len(holding) == 2


def test_the_sample_index_numbers_are_found(page, site: Path, serve, editions: list) -> None:
    e = editions[0]
    found = _results(page, serve(site) + "search.html?q=" + e.index_no)
    assert found == [e.title]
    found = _results(page, serve(site) + "search.html?q=" + (e.doc_number or ""))
    assert found[0] == e.title


def test_county_wide_search_and_the_body_filter(page, make_channel, catalogue, serve) -> None:
    catalogue.editions = county_editions()
    ch = make_channel("county-search")
    ch.rebuild()
    base = serve(ch.out_dir)
    everywhere = _results(page, base + "search.html?q=低保")
    assert sorted(everywhere) == sorted(e.title for e in catalogue.editions if "低保" in e.title)
    assert len(everywhere) == 3
    page.select_option("#search-org", VILLAGE.credit_code)
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**org=*")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('找到')")
    assert page.locator("#search-results li a").all_inner_texts() == ["东村低保户名单公示"]
    assert "东村村民委员会" in page.locator("#search-results li").first.inner_text()
