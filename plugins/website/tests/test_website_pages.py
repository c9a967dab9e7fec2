"""What the built pages show: metadata, bodies, tables, attachments, links, marks, feeds."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from website_testlib import BASE_URL, ORGANIZATION, read

from gov_disclosure.channels import PublishedEdition


class Cells(HTMLParser):
    """Collects (header, cell) pairs of a ``<table class="meta">`` and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: dict[str, str] = {}
        self._tag: str | None = None
        self._th = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td"):
            self._tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._tag = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._tag == "th":
            self._th = data.strip()
        elif self._tag == "td" and self._th:
            self.pairs.setdefault(self._th, data.strip())


def parse(html: str) -> Cells:
    p = Cells()
    p.feed(html)
    return p


def page_of(site: Path, e: PublishedEdition) -> str:
    return read(site, f"items/{e.slug}.html")


def test_item_page_has_the_standard_metadata_table(site: Path, editions: list) -> None:
    policy = editions[0]
    cells = parse(page_of(site, policy)).pairs
    assert cells["索引号"] == policy.index_no
    assert cells["发布机构"] == policy.publisher
    assert cells["成文日期"] == policy.written_on.isoformat()
    assert cells["发布日期"] == policy.published_on.isoformat()
    assert cells["文号"] == "示政发〔2026〕3号"
    assert cells["主题分类"] == policy.topic
    assert cells["公开方式"] == "主动公开"
    assert cells["有效性"] == "有效"


def test_page_is_chinese_semantic_and_canonical(site: Path, editions: list) -> None:
    html = page_of(site, editions[0])
    assert '<html lang="zh-CN">' in html
    for landmark in ("<header", "<nav", "<main", "<footer", "<h1"):
        assert landmark in html
    assert f'<link rel="canonical" href="{BASE_URL}items/{editions[0].slug}.html">' in html


def test_body_is_paragraphs_and_table_has_its_total_row(site: Path, editions: list) -> None:
    html = page_of(site, editions[0])
    assert "<p>一、总体要求</p>" in html and "<p>（一）推进垃圾分类。</p>" in html
    finance = page_of(site, editions[2])
    assert '<th scope="col">收入</th>' in finance
    assert (
        '<th scope="row">合计</th><td class="num">82,000.00</td><td class="num">31,050.50</td>'
        in finance
    )
    assert "<tfoot>" in finance and "（单位：元）" in finance


def test_attachment_is_copied_by_content_hash(site: Path, editions: list) -> None:
    att = editions[6].attachments[0]
    digest = hashlib.sha256(att.path.read_bytes()).hexdigest()
    copied = site / "files" / digest[:2] / digest / "2026年预算附表.txt"
    assert copied.read_bytes() == att.path.read_bytes()
    html = page_of(site, editions[6])
    assert f"files/{digest[:2]}/{digest}/2026%E5%B9%B4" in html
    assert "（TXT，" in html and f"{att.size} B）" in html


def test_policy_and_interpretation_link_both_ways(site: Path, editions: list) -> None:
    policy, interpretation = editions[0], editions[1]
    assert f'href="../items/{interpretation.slug}.html">{interpretation.title}' in page_of(
        site, policy
    )
    assert f'href="../items/{policy.slug}.html">{policy.title}' in page_of(site, interpretation)


def test_link_from_one_side_only_still_shows_on_both(
    make_channel, catalogue, editions: list
) -> None:
    catalogue.put(editions[0].model_copy(update={"interpreted_by": ()}))
    site = make_channel("one-side").out_dir
    make_channel("one-side").rebuild()
    assert editions[1].title in page_of(site, editions[0])


def test_expired_and_repealed_are_marked(site: Path, editions: list) -> None:
    expired, repealed = editions[9], editions[10]
    assert "已过公示期" in page_of(site, expired)
    assert parse(page_of(site, expired)).pairs["有效性"] == "已过公示期"
    assert parse(page_of(site, repealed)).pairs["有效性"] == "已废止"
    listing = read(site, "catalogue/all/index.html")
    assert 'tag-repealed">已废止' in listing and 'tag-expired">已过公示期' in listing


def test_internal_item_is_nowhere(site: Path, editions: list) -> None:
    internal = editions[8]
    assert not (site / f"items/{internal.slug}.html").exists()
    for path in site.rglob("*.*"):
        if path.suffix in (".html", ".xml", ".js"):
            assert internal.title not in path.read_text(encoding="utf-8"), path


def test_guide_shows_the_organization(site: Path) -> None:
    cells = parse(read(site, "guide.html")).pairs
    assert cells["办公地址"] == ORGANIZATION["address"]
    assert cells["联系电话"] == ORGANIZATION["phone"]
    assert cells["传真号码"] == ORGANIZATION["fax"]
    assert "<p>请填写《政府信息公开申请表》。</p>" in read(site, "guide.html")


def test_catalogue_by_topic_and_column_and_statutory_columns(site: Path, editions: list) -> None:
    topic = read(site, "catalogue/topic/minzheng-fupin-jiuzai/index.html")
    assert editions[3].title in topic and editions[0].title not in topic
    column = read(site, "catalogue/column/zhengcewenjian/index.html")
    assert editions[0].title in column and editions[10].title in column
    columns = read(site, "columns.html")
    assert 'href="catalogue/column/shehuijiuzhu/index.html">社会救助' in columns
    assert "规划计划" not in columns  # empty columns are hidden by default


def test_paging_cuts_from_the_oldest_end(make_channel, catalogue) -> None:
    from testsupport.samples import bulk_editions

    catalogue.editions = bulk_editions(23)
    ch = make_channel(page_size=5)
    ch.rebuild()
    folder = ch.out_dir / "catalogue/all"
    assert sorted(p.name for p in folder.iterdir()) == [
        "index.html",
        "p1.html",
        "p2.html",
        "p3.html",
        "p4.html",
        "p5.html",
    ]
    newest = sorted(catalogue.editions, key=lambda e: (e.published_on, e.index_no))
    assert read(folder, "index.html") == read(folder, "p5.html").replace(
        "catalogue/all/p5.html", "catalogue/all/index.html"
    )
    assert newest[-1].title in read(folder, "index.html")
    assert newest[0].title in read(folder, "p1.html")
    assert 'href="p4.html" rel="next"' in read(folder, "p5.html")


def test_feeds_are_rss2_with_absolute_links(site: Path, editions: list) -> None:
    root = ET.fromstring(read(site, "feeds/all.xml"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    links = [i.findtext("link") for i in root.iter("item")]
    assert f"{BASE_URL}items/{editions[4].slug}.html" in links
    assert all(link and link.startswith(BASE_URL) for link in links)
    column = ET.fromstring(read(site, "feeds/column/shehuijiuzhu.xml"))
    assert {i.findtext("title") for i in column.iter("item")} == {
        editions[3].title,
        editions[9].title,
    }


def test_sitemap_index_lists_every_item(site: Path, editions: list) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(read(site, "sitemap.xml"))
    urls: set[str] = set()
    for loc in index.findall("s:sitemap/s:loc", ns):
        part = ET.fromstring(read(site, loc.text.removeprefix(BASE_URL)))
        urls |= {u.text for u in part.findall("s:url/s:loc", ns)}
    public = [e for e in editions if e.is_public]
    assert {f"{BASE_URL}items/{e.slug}.html" for e in public} <= urls
    assert f"{BASE_URL}guide.html" in urls


def test_receipt_location_is_the_item_url(channel, editions: list) -> None:
    receipt = channel.publish(editions[4])
    assert receipt.location == f"{BASE_URL}items/{editions[4].slug}.html"


def test_default_out_dir_and_file_base_url(tmp_path: Path, catalogue) -> None:
    from gov_disclosure_website import WebsiteChannel, WebsiteSettings

    from gov_disclosure.channels import ChannelContext

    ctx = ChannelContext(data_dir=tmp_path, catalogue=catalogue.live)
    ch = WebsiteChannel(WebsiteSettings(), ctx)
    assert ch.out_dir == tmp_path / "website"
    assert ch.base_url == (tmp_path / "website").resolve().as_uri() + "/"
    ctx.site["base_url"] = "https://www.example.gov.cn/xxgk"
    assert WebsiteChannel(WebsiteSettings(), ctx).base_url == "https://www.example.gov.cn/xxgk/"


@pytest.mark.parametrize("bad", ["ftp://x", "www.example.gov.cn"])
def test_base_url_must_be_absolute(bad: str) -> None:
    from gov_disclosure_website import WebsiteSettings
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="base_url"):
        WebsiteSettings(base_url=bad)


def test_user_templates_override_ours(make_channel, tmp_path: Path) -> None:
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "guide.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>本镇公开指南</h1>{% endblock %}',
        encoding="utf-8",
    )
    ch = make_channel("custom", templates_dir=custom)
    ch.rebuild()
    assert "<h1>本镇公开指南</h1>" in read(ch.out_dir, "guide.html")


def test_pages_and_attachments_are_readable_by_the_web_server(site: Path) -> None:
    """mkstemp makes owner-only files; a web server running as another user must read them."""
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    expected = 0o644 & ~mask
    files = [p for p in site.rglob("*") if p.is_file() and ".build" not in p.parts]
    assert files
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {expected}


def test_full_build_removes_temporaries_left_by_a_killed_writer(channel) -> None:
    stale = channel.out_dir / "items" / ".tmp-killed.html"
    stale.write_text("half a page", encoding="utf-8")
    channel.rebuild()
    assert not stale.exists()
    assert (channel.out_dir / "index.html").exists()
