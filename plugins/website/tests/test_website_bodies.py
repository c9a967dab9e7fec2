"""One 政府信息公开 platform for a county: a section per body, county-wide catalogue and
search; a single-body site keeps no body layer."""

from __future__ import annotations

import re
from pathlib import Path

from gov_disclosure_website.search_index import body_token, parse_shard, shard_of, token_path
from website_bodies_testlib import COUNTY, TOWNSHIP, VILLAGE, county_editions
from website_testlib import html_files, read


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_section_per_body(make_channel, catalogue) -> None:
    catalogue.editions = county_editions()
    ch = make_channel("county", bodies={TOWNSHIP.credit_code: {"phone": "0510-8888 2000"}})
    ch.rebuild()
    site = ch.out_dir
    listing = _text(read(site, "bodies/index.html")).split("分别受理政府信息公开申请")[1]
    # grouped by level, county government first
    assert listing.index("县级政府") < listing.index("示例县人民政府") < listing.index("乡镇")
    assert listing.index("乡镇") < listing.index("示例镇人民政府") < listing.index("村(居)")
    assert "东村村民委员会 （2）" in listing
    for org in (COUNTY, TOWNSHIP, VILLAGE):
        code = org.credit_code
        for page in ("index.html", "guide.html", "reports.html", "apply.html"):
            assert org.name in read(site, f"bodies/{code}/{page}"), (org.name, page)
        own = read(site, f"bodies/{code}/catalogue/all/index.html")
        others = [e for e in catalogue.editions if e.org.credit_code != code]
        mine = [e for e in catalogue.editions if e.org.credit_code == code]
        assert all(e.title in own for e in mine)
        assert not any(e.title in own for e in others)
        assert f"共{len(mine)}条" in _text(own)
    reports = read(site, f"bodies/{TOWNSHIP.credit_code}/reports.html")
    assert "示例镇人民政府2025年政府信息公开工作年度报告" in reports
    assert "0510-8888 2000" in read(site, f"bodies/{TOWNSHIP.credit_code}/apply.html")
    assert "0510-8888 2000" in read(site, f"bodies/{TOWNSHIP.credit_code}/guide.html")
    # the county-wide catalogue has everything, with counts
    county = _text(read(site, "catalogue/index.html"))
    assert "民政、扶贫、救灾 （3）" in county and "共7条" in county
    assert 'href="bodies/index.html"' in read(site, "index.html")
    # the search page filters by body; each body's items carry its token
    search = read(site, "search.html")
    assert f'<option value="{VILLAGE.credit_code}">东村村民委员会</option>' in search
    token = body_token(VILLAGE.credit_code)
    shard = parse_shard(read(site, token_path(shard_of(token))))
    assert len(shard[token]) == 2
    # an item's page names its body in the crumbs
    item = read(site, f"items/{catalogue.editions[5].slug}.html")
    assert f"bodies/{VILLAGE.credit_code}/index.html" in item


def test_a_single_body_site_has_no_body_layer(channel, site: Path) -> None:
    files = html_files(site)
    assert not [p for p in files if p.startswith("bodies/")]
    for text in files.values():
        assert "公开主体" not in text
        assert "bodies/" not in text


def test_publishing_for_a_body_updates_its_section_incrementally(make_channel, catalogue) -> None:
    catalogue.editions = county_editions()
    ch = make_channel("inc")
    ch.rebuild()
    new = catalogue.editions[6].model_copy(
        update={"item_id": 99, "index_no": "MB0000012/2026-00099", "title": "东村道路维修公示"}
    )
    catalogue.put(new)
    ch.publish(new)
    code = VILLAGE.credit_code
    written = set(ch.last_report.written)
    assert f"bodies/{code}/catalogue/all/index.html" in written
    assert f"bodies/{code}/index.html" in written
    assert not [p for p in written if p.startswith(f"bodies/{COUNTY.credit_code}/catalogue/")]
    full = make_channel("inc-full")
    full.rebuild()
    assert html_files(ch.out_dir) == html_files(full.out_dir)
