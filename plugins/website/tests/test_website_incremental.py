"""The manifest and incremental builds: one change rewrites only the pages that show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from website_testlib import html_files, read

from gov_disclosure.channels import Receipt
from gov_disclosure.models import ItemState
from testsupport.samples import bulk_editions


def fresh_build(make_channel, name: str) -> dict[str, str]:
    ch = make_channel(name)
    ch.rebuild()
    return html_files(ch.out_dir)


def test_manifest_records_a_digest_per_page(channel, editions: list) -> None:
    build = channel.out_dir / ".build"
    site = json.loads((build / "site.json").read_text(encoding="utf-8"))
    assert {"index.html", "catalogue/all/index.html", "feeds/all.xml", "sitemap.xml"} <= set(site)
    records = {}
    for f in build.glob("items-*.json"):
        records.update(json.loads(f.read_text(encoding="utf-8")))
    policy = records[editions[0].index_no]
    assert policy["slug"] == editions[0].slug and len(policy["digest"]) == 16
    assert policy["links"] == [editions[1].index_no]
    assert policy["shards"], "the search shards holding the item"


def test_second_build_writes_nothing(channel) -> None:
    report = channel.rebuild()
    assert report.written == [] and report.removed == []
    assert report.unchanged > 100


def test_update_rewrites_only_the_pages_that_show_the_item(
    channel, catalogue, editions: list
) -> None:
    notice = editions[3]  # 低保 公示, column 社会救助, topic 民政、扶贫、救灾
    changed = notice.model_copy(update={"edition": 2, "title": notice.title + "（更正）"})
    catalogue.put(changed)
    report = channel.update(changed, None)
    written = set(channel.last_report.written)
    pages = {p for p in written if not p.startswith("search/")}
    assert pages == {
        f"items/{notice.slug}.html",
        "index.html",  # among the newest
        "catalogue/all/index.html",
        "catalogue/all/p1.html",
        "catalogue/column/shehuijiuzhu/index.html",
        "catalogue/column/shehuijiuzhu/p1.html",
        "catalogue/topic/minzheng-fupin-jiuzai/index.html",
        "catalogue/topic/minzheng-fupin-jiuzai/p1.html",
        "feeds/all.xml",
        "feeds/column/shehuijiuzhu.xml",
    }  # not the sitemap: it shows only the URL and the date, which stayed
    assert report.details["written"] == len(written)
    assert all(p.startswith(("search/t/", "search/d/")) for p in written - pages)


@pytest.mark.parametrize("change", ["publish", "update", "withdraw", "expire", "move"])
def test_incremental_equals_a_full_build(make_channel, catalogue, editions: list, change) -> None:
    ch = make_channel("inc")
    ch.rebuild()
    e = editions[3]
    if change == "publish":
        e = editions[4].model_copy(
            update={
                "item_id": 99,
                "index_no": editions[4].index_no[:-5] + "00099",
                "title": "关于发放2026年低保补贴的通知",
                "body": "低保对象补贴发放。",
            }
        )
        catalogue.put(e)
        ch.publish(e)
    elif change == "update":
        e = e.model_copy(update={"edition": 2, "body": "更正后的公示内容：王某某。"})
        catalogue.put(e)
        ch.update(e, None)
    elif change == "withdraw":
        catalogue.withdraw(editions[1].index_no, "解读内容需要修订")
        ch.withdraw(editions[1], "解读内容需要修订", None)
    elif change == "expire":
        e = e.model_copy(update={"state": ItemState.EXPIRED})
        catalogue.put(e)
        ch.expire(e, None)
    else:
        e = e.model_copy(update={"edition": 2, "column": "通知公告", "topic": "综合政务"})
        catalogue.put(e)
        ch.update(e, None)
    assert html_files(ch.out_dir) == fresh_build(make_channel, "fresh")


def test_withdrawn_item_leaves_every_list_and_gets_a_notice(
    channel, catalogue, editions: list
) -> None:
    gone = editions[3]
    catalogue.withdraw(gone.index_no, "公示名单含有未脱敏的个人信息，已撤回核查")
    receipt = channel.withdraw(gone, "公示名单含有未脱敏的个人信息，已撤回核查", None)
    assert receipt.location and receipt.location.endswith(f"items/{gone.slug}.html")
    notice = read(channel.out_dir, f"items/{gone.slug}.html")
    assert "撤回说明" in notice and "未脱敏的个人信息" in notice
    assert gone.title not in notice
    for rel, text in html_files(channel.out_dir).items():
        if rel != f"items/{gone.slug}.html":
            assert gone.title not in text, rel
    assert str(gone.item_id) not in _search_docs(channel.out_dir)


def _search_docs(site: Path) -> dict:
    from gov_disclosure_website.search_index import parse_shard

    docs: dict = {}
    for f in (site / "search/d").glob("*.js"):
        docs.update(parse_shard(f.read_text(encoding="utf-8")))
    return docs


def test_publishing_into_a_long_listing_touches_only_its_newest_pages(
    make_channel, catalogue
) -> None:
    catalogue.editions = bulk_editions(61)
    ch = make_channel(page_size=5)
    ch.rebuild()
    newest = catalogue.editions[-1]
    for n, pages in ((1000, 2), (1001, 2), (1002, 2), (1003, 2), (1004, 15)):
        e = newest.model_copy(
            update={"item_id": n, "index_no": f"{newest.index_no}X{n}", "title": "新发布的通知"}
        )
        catalogue.put(e)
        ch.publish(e)
        listing = [p for p in ch.last_report.written if p.startswith("catalogue/all/")]
        # the newest page (p13 = index.html) while the page count stays; when a 14th page
        # starts, every page's 第k页/共M页 changes: all 14 pages and index.html
        assert len(listing) == pages, (n, sorted(listing))
        assert "catalogue/all/index.html" in listing


def test_failed_build_leaves_whole_pages_and_the_old_manifest(
    make_channel, catalogue, editions: list, tmp_path: Path
) -> None:
    ch = make_channel("crash")
    ch.rebuild()
    before = html_files(ch.out_dir)
    manifest = (ch.out_dir / ".build/site.json").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "listing.html").write_text("{{ no_such_value }}", encoding="utf-8")
    crashing = make_channel("crash", templates_dir=broken, title="新的站点名称")
    with pytest.raises(Exception, match="no_such_value"):
        crashing.rebuild()
    after = html_files(ch.out_dir)
    assert not [p for p in ch.out_dir.rglob(".tmp-*")]
    assert (ch.out_dir / ".build/site.json").read_bytes() == manifest
    assert set(after) == set(before)
    assert all(
        text.rstrip().endswith(("</html>", ");", "</rss>", "</urlset>", "</sitemapindex>", "}"))
        for text in after.values()
    )
    repaired = make_channel("crash", title="新的站点名称")
    repaired.rebuild()
    assert html_files(ch.out_dir) == fresh_build(
        lambda name: make_channel(name, title="新的站点名称"), "fresh"
    )


def test_internal_item_is_refused(channel, editions: list) -> None:
    from gov_disclosure import ChannelError

    with pytest.raises(ChannelError) as info:
        channel.publish(editions[8])
    assert info.value.retryable is False


def test_update_receipt_names_the_action(channel, editions: list) -> None:
    receipt = channel.update(editions[0], Receipt(channel="website", action="publish"))
    assert receipt.action == "update" and receipt.details["written"] == 0


@pytest.mark.parametrize(
    "change",
    [
        "update-middle",
        "move-earlier",
        "move-later",
        "withdraw-middle",
        "withdraw-last",
        "publish-newest",
        "publish-backdated",
    ],
)
def test_incremental_paging_equals_a_full_build(make_channel, catalogue, change: str) -> None:
    from datetime import date

    catalogue.editions = bulk_editions(21)  # pages of 5: p1..p5, the newest holds one
    ch = make_channel("inc", page_size=5)
    ch.rebuild()
    ordered = sorted(catalogue.editions, key=lambda e: (e.published_on, e.index_no))
    middle, last = ordered[10], ordered[-1]
    if change.startswith("withdraw"):
        gone = middle if change == "withdraw-middle" else last
        catalogue.withdraw(gone.index_no, "撤回")
        ch.withdraw(gone, "撤回", None)
    else:
        if change == "update-middle":
            e = middle.model_copy(update={"edition": 2, "title": "更正后的标题"})
        elif change == "move-earlier":
            e = middle.model_copy(update={"edition": 2, "published_on": date(2019, 1, 1)})
        elif change == "move-later":
            e = ordered[2].model_copy(update={"edition": 2, "published_on": date(2030, 1, 1)})
        else:
            day = date(2030, 1, 1) if change == "publish-newest" else date(2019, 6, 1)
            e = middle.model_copy(
                update={
                    "item_id": 500,
                    "index_no": middle.index_no + "N",
                    "published_on": day,
                }
            )
        catalogue.put(e)
        ch.publish(e)
    assert html_files(ch.out_dir) == fresh_build(
        lambda name: make_channel(name, page_size=5), "fresh"
    )
