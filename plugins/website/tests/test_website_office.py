"""What an office expects of its site: page labels and totals, no empty columns, the footer
the 政府网站发展指引 requires, categories with counts in the configured order, a 网站地图
page for people, and the bulletin's PDFs linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gov_disclosure_website import WebsiteChannel, WebsiteSettings
from gov_disclosure_website.settings import FooterSettings
from pydantic import ValidationError
from website_testlib import BASE_URL, ORGANIZATION, read

from gov_disclosure.channels import ChannelContext
from testsupport.samples import bulk_editions, sample_editions

FOOTER = {
    "site_code": "3205000001",
    "icp": "苏ICP备12345678号-1",
    "police_record": "苏公网安备 32050202000001号",
    "conac_link": "https://bszs.conac.cn/sitename?method=show&id=0A1B2C",
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_first_list_page_is_page_one_with_totals(make_channel, catalogue) -> None:
    catalogue.editions = bulk_editions(47)
    ch = make_channel(page_size=10)
    ch.rebuild()
    site = ch.out_dir
    first = _text(read(site, "catalogue/all/index.html"))
    assert "第1页，共5页，共47条" in first
    # index.html repeats the newest page, p5.html; p1.html is the oldest, the last page
    assert "第1页，共5页，共47条" in _text(read(site, "catalogue/all/p5.html"))
    assert "第2页，共5页" in _text(read(site, "catalogue/all/p4.html"))
    last = read(site, "catalogue/all/p1.html")
    assert "第5页，共5页" in _text(last)
    assert "第2页" not in first
    # the newest page holds the newest items, newest first
    titles = re.findall(r'items/[^"]+\.html">([^<]+)</a>', read(site, "catalogue/all/index.html"))
    assert titles[0].endswith("第47号通知") and titles[-1].endswith("第41号通知")
    # 首页 / 上一页 / 下一页 / 尾页
    assert 'href="p4.html" rel="next">下一页' in read(site, "catalogue/all/index.html")
    assert 'href="index.html" rel="prev">上一页' in read(site, "catalogue/all/p4.html")
    assert '<a href="index.html">首页</a>' in last and "尾页" not in last
    column = _text(read(site, "catalogue/column/tongzhigonggao/index.html"))
    assert re.search(r"第1页，共\d+页，共\d+条", column)


def test_empty_columns_are_hidden_unless_configured(make_channel, catalogue) -> None:
    hidden = make_channel("hidden")
    hidden.rebuild()
    live = {e.column for e in catalogue.editions}
    absent = [c for c in hidden.settings.statutory_columns if c not in live]
    assert "年度报告" in absent
    for page in ("index.html", "columns.html"):
        text = read(hidden.out_dir, page)
        assert "暂无" not in text, page
        for name in absent:  # a column this body has no item in is not shown at all
            assert f">{name}" not in text, (page, name)
    shown = make_channel("shown", show_empty_columns=True)
    shown.rebuild()
    assert "年度报告（暂无信息）" in _text(read(shown.out_dir, "columns.html"))


def test_footer_fields_from_the_settings(make_channel, tmp_path: Path) -> None:
    mark = tmp_path / "red.png"
    mark.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    ch = make_channel(footer={**FOOTER, "conac_image": mark, "organizer": "示例镇党政综合办公室"})
    report = ch.rebuild()
    assert report.warnings == []
    for page in ("index.html", "catalogue/all/index.html", "guide.html", "sitemap.html"):
        html = read(ch.out_dir, page)
        text = _text(html)
        assert "主办单位：示例镇人民政府" in text and "承办单位：示例镇党政综合办公室" in text
        assert "联系方式：0510-8888 1000" in text
        assert "网站标识码：3205000001" in text
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">苏ICP备12345678号-1</a>' in html
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=32050202000001"' in html
        assert 'alt="党政机关"' in html and FOOTER["conac_link"].replace("&", "&amp;") in html
        assert 'sitemap.html">网站地图</a>' in html
    assert (ch.out_dir / "assets/conac.png").read_bytes() == mark.read_bytes()


def test_missing_footer_fields_are_warned_about(make_channel, tmp_path: Path) -> None:
    ch = make_channel(footer={"icp": FOOTER["icp"]})
    report = ch.rebuild()
    text = "\n".join(report.warnings)
    assert "网站标识码" in text and "公安备案号" in text and "党政机关标识" in text
    assert "ICP备案号" not in text
    assert report.warnings == ch.warnings
    gone = tmp_path / "no-such-mark.png"
    broken = make_channel("broken", footer={**FOOTER, "conac_image": gone})
    assert broken.rebuild().warnings == [
        f"党政机关标识图片不存在：{gone} (conac_image is not a readable file)"
    ]
    assert not (broken.out_dir / "assets/conac.png").exists()


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("site_code", "32050", "网站标识码"),
        ("icp", "ICP备12345678号", "ICP备案号"),
        ("police_record", "苏公网安备 3205号", "公安备案号"),
        ("conac_link", "javascript:alert(1)", "http"),
    ],
)
def test_footer_settings_are_validated(field: str, value: str, rule: str) -> None:
    with pytest.raises(ValidationError, match=rule):
        FooterSettings(**{field: value})


def test_categories_with_counts_in_taxonomy_order(tmp_path: Path, catalogue) -> None:
    order = {
        "topics": ["民政、扶贫、救灾", "综合政务", "城乡建设、环境保护"],
        "columns": ["应急管理", "社会救助", "政策文件"],
    }
    context = ChannelContext(
        data_dir=tmp_path,
        catalogue=catalogue.live,
        organization=ORGANIZATION,
        taxonomy=order,
    )
    ch = WebsiteChannel(WebsiteSettings(out_dir=tmp_path / "o", base_url=BASE_URL), context)
    ch.rebuild()
    text = _text(read(ch.out_dir, "catalogue/index.html"))
    topics = text[text.index("按主题分类") : text.index("按栏目")]
    counts = {}
    for e in catalogue.editions:
        if ch.accepts(e):
            counts[e.topic] = counts.get(e.topic, 0) + 1
    found = re.findall(r"(\S+) （(\d+)）", topics)
    assert [name for name, _ in found[:3]] == order["topics"]
    assert {name: int(n) for name, n in found} == counts
    # names the taxonomy does not list come after, by name
    rest = [name for name, _ in found[3:]]
    assert rest == sorted(rest)
    # columns follow the core's default taxonomy (政策文件 before 通知公告), not code points
    shown = [name for name, _ in re.findall(r"(\S+) （(\d+)）", text[text.index("按栏目") :])]
    assert shown[:3] == order["columns"]


def test_the_default_order_is_the_core_taxonomy(channel, site: Path) -> None:
    from gov_disclosure.taxonomy import DEFAULT_COLUMNS

    text = _text(read(site, "catalogue/index.html"))
    shown = [name for name, _ in re.findall(r"(\S+) （(\d+)）", text[text.index("按栏目") :])]
    assert shown == [c for c in DEFAULT_COLUMNS if c in shown] and len(shown) > 3
    assert shown != sorted(shown)  # not code-point order


def test_site_map_page_for_people(channel, site: Path) -> None:
    html = read(site, "sitemap.html")
    assert "<h1>网站地图</h1>" in html
    for href in ("guide.html", "catalogue/index.html", "columns.html", "search.html"):
        assert f'href="{href}"' in html
    for name in {e.column for e in channel._model().editions}:
        assert name in html
    assert "sitemap.html" in read(site, "sitemaps/pages.xml")
    for page in ("items/" + channel._model().editions[0].slug + ".html", "search.html"):
        assert 'sitemap.html">网站地图</a>' in read(site, page)


def test_bulletin_pdfs_are_linked(make_channel, editions, tmp_path: Path) -> None:
    bulletin = tmp_path / "bulletin"
    (bulletin / "notices").mkdir(parents=True)
    notice = editions[3]
    (bulletin / "notices" / f"{notice.slug}.pdf").write_bytes(b"%PDF-1.7 notice sheet\n")
    (bulletin / "bulletin-2026-03.pdf").write_bytes(b"%PDF-1.7 issue 2026-03\n")
    ch = make_channel()
    ch.rebuild()
    page = read(ch.out_dir, f"items/{notice.slug}.html")
    href = re.search(r'href="\.\./(files/[^"]+\.pdf)" download>下载PDF', page)
    assert href, page
    assert (ch.out_dir / href.group(1)).read_bytes() == b"%PDF-1.7 notice sheet\n"
    assert "下载PDF" not in read(ch.out_dir, f"items/{editions[0].slug}.html")
    issues = read(ch.out_dir, "bulletins.html")
    assert "2026-03" in issues and "下载PDF" in issues
    assert 'href="bulletins.html"' in read(ch.out_dir, "index.html")
    # a sheet the bulletin writes after the website's delivery is linked at the next one
    later = editions[5]
    (bulletin / "notices" / f"{later.slug}.pdf").write_bytes(b"%PDF-1.7 later\n")
    ch.update(editions[0], None)
    assert "下载PDF" in read(ch.out_dir, f"items/{later.slug}.html")
    # and a full build of the same inputs writes the same pages
    again = make_channel("again")
    again.rebuild()
    assert read(again.out_dir, f"items/{later.slug}.html") == read(
        ch.out_dir, f"items/{later.slug}.html"
    )


def test_index_and_document_numbers_are_in_the_search_index(channel, site: Path) -> None:
    from gov_disclosure_website.search_index import parse_shard, shard_of, token_path, tokens

    e = next(x for x in sample_editions() if x.doc_number)
    whole = tokens(e.index_no)
    assert {"11320000mb1234562m", "2026", "00001"} <= whole
    for token in ("00001", "11320000mb1234562m"):
        shard = parse_shard(read(site, token_path(shard_of(token))))
        assert token in shard
    docs = {}
    for f in (site / "search/d").glob("*.js"):
        docs.update(parse_shard(f.read_text(encoding="utf-8")))
    row = docs[str(e.item_id)]
    assert row[5] == e.index_no and row[6] == e.doc_number


def test_rebuild_command_prints_the_footer_warning(tmp_path: Path) -> None:
    from gov_disclosure.cli.main import cli
    from testsupport.cli import office_cli

    config = (
        '[channels.website]\nbase_url = "https://xxgk.example.gov.cn/"\n'
        '[channels.website.footer]\nsite_code = "3205000001"\n'
    )
    invoke = office_cli(cli, tmp_path, config, "--admin", "zhou", "--admin-name", "周敏")
    invoke(
        "actor", "add", "fa", "--name", "王发布", "--unit", "党政综合办公室",
        "--role", "信息发布员", "--actor", "zhou",
    )  # fmt: skip
    result = invoke("website", "rebuild", "--actor", "fa")
    assert "网站已重建" in result.output
    assert "警告 warning: 网站页脚缺少ICP备案号 (icp)、公安备案号 (police_record)" in result.output
    assert "网站标识码" not in result.output


def test_doctor_shows_the_footer_warning(tmp_path: Path) -> None:
    import json

    from gov_disclosure.cli.main import cli
    from testsupport.cli import office_cli

    config = '[channels.website]\nbase_url = "https://xxgk.example.gov.cn/"\n'
    invoke = office_cli(cli, tmp_path, config, "--admin", "zhou", "--admin-name", "周敏")
    checks = json.loads(invoke("doctor", "--json", ok=False).output)
    warned = [c["detail"] for c in checks if c["status"] == "warn"]
    assert any(d.startswith("website: 网站页脚缺少网站标识码") for d in warned), checks
