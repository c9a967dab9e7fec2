"""A channel kept between deliveries, the manifest journal and what a crash leaves behind."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from gov_disclosure_website import manifest as manifest_module
from gov_disclosure_website.search_index import Layout
from website_testlib import html_files

from gov_disclosure.models import ItemState

SMALL = Layout(long_ids=2, boundary_bits=1)  # long lists split into pieces even here


def fresh_build(make_channel, name: str, layout: Layout | None = None, **settings) -> dict:
    ch = make_channel(name, **settings)
    if layout is not None:
        ch.search_layout = layout
    ch.rebuild()
    return html_files(ch.out_dir)


def journal_lines(site: Path) -> list[dict]:
    (journal,) = (site / ".build").glob("journal-*.jsonl")
    return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]


def test_one_channel_through_many_deliveries_equals_a_full_build(
    make_channel, catalogue, editions: list
) -> None:
    ch = make_channel("kept")
    ch.search_layout = SMALL
    ch.rebuild()
    assert list((ch.out_dir / "search/p").glob("*.js")), "long lists are in pieces"
    notice, policy = editions[3], editions[0]
    steps = [
        ("update", notice.model_copy(update={"edition": 2, "title": "更正：" + notice.title})),
        (
            "update",
            notice.model_copy(
                update={
                    "edition": 3,
                    "published_on": date(2019, 5, 1),
                    "column": "通知公告",
                    "topic": "综合政务",
                }
            ),
        ),
        ("expire", editions[5].model_copy(update={"state": ItemState.EXPIRED})),
        ("withdraw", editions[1]),
        (
            "publish",
            editions[4].model_copy(
                update={
                    "item_id": 77,
                    "index_no": editions[4].index_no[:-5] + "00077",
                    "title": "示例镇关于低保资金的通知",
                    "body": "示例镇低保资金通知。",
                }
            ),
        ),
        ("update", policy.model_copy(update={"edition": 2, "body": "修订后的方案全文。"})),
        ("withdraw", editions[3]),
    ]
    for action, e in steps:
        if action == "withdraw":
            catalogue.withdraw(e.index_no, "需要修订")
            ch.withdraw(e, "需要修订", None)
        else:
            catalogue.put(e)
            ch.publish(e) if action == "publish" else getattr(ch, action)(e, None)
        pages = [p for p in ch.last_report.written if not p.startswith("search/")]
        # the pages showing it, plus the catalogue, columns and 网站地图 pages (their counts)
        assert 0 < len(pages) < 24, (action, sorted(pages))
    assert html_files(ch.out_dir) == fresh_build(make_channel, "fresh", SMALL)


def test_incremental_builds_append_to_the_journal_only(channel, catalogue, editions: list) -> None:
    build = channel.out_dir / ".build"
    before = {p.name: p.read_bytes() for p in build.glob("*.json")}
    e = editions[3].model_copy(update={"edition": 2, "title": "更正后的标题"})
    catalogue.put(e)
    channel.update(e, None)
    assert {p.name: p.read_bytes() for p in build.glob("*.json")} == before
    lines = journal_lines(channel.out_dir)
    intents = [line["w"] for line in lines if "w" in line]
    report = channel.last_report
    assert set(intents) == set(report.written) | set(report.removed)
    assert [line["i"] for line in lines if "h" in line] == [e.index_no]  # before any write
    assert "h" in lines[0]
    assert "c" in lines[-1] and f"items/{e.slug}.html" not in lines[-1]["c"]["site"]
    assert lines[-1]["c"]["items"][e.index_no]["digest"]


def test_a_crash_before_the_commit_leaves_unknown_digests(
    make_channel, catalogue, editions: list
) -> None:
    ch = make_channel("crash")
    ch.rebuild()
    original = editions[3]
    changed = original.model_copy(update={"edition": 2, "title": "更正后的标题"})
    catalogue.put(changed)
    ch.update(changed, None)
    journal = next((ch.out_dir / ".build").glob("journal-*.jsonl"))
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "c" in json.loads(lines[-1])
    # the process died after writing the pages, before the commit, halfway through a line
    journal.write_text("".join(lines[:-1]) + '{"w":"ind', encoding="utf-8")
    catalogue.put(original)  # and the item goes back to what the manifest still says
    again = make_channel("crash")
    again.update(original, None)
    assert f"items/{original.slug}.html" in again.last_report.written
    assert html_files(ch.out_dir) == fresh_build(make_channel, "fresh")
    assert all(json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines())


def test_a_cut_short_full_build_makes_the_next_delivery_a_full_one(
    make_channel, catalogue, editions: list, tmp_path: Path
) -> None:
    ch = make_channel("cut")
    ch.rebuild()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "listing.html").write_text("{{ no_such_value }}", encoding="utf-8")
    with pytest.raises(Exception, match="no_such_value"):  # item pages written, then it fails
        make_channel("cut", templates_dir=broken, title="另一个标题").rebuild()
    e = editions[2].model_copy(update={"edition": 2, "title": "更正后的标题"})
    catalogue.put(e)
    again = make_channel("cut")
    again.update(e, None)
    assert len(again.last_report.written) > 10
    assert html_files(ch.out_dir) == fresh_build(make_channel, "fresh")


def test_two_channels_on_one_folder_read_each_others_changes(
    make_channel, catalogue, editions: list
) -> None:
    first, second = make_channel("shared"), make_channel("shared")
    first.rebuild()
    for n, ch in enumerate([second, first, second, first]):
        e = editions[3].model_copy(
            update={
                "edition": n + 2,
                "title": f"第{n}次更正",
                "column": ["通知公告", "社会救助"][n % 2],
            }
        )
        catalogue.put(e)
        ch.update(e, None)
    assert html_files(first.out_dir) == fresh_build(make_channel, "fresh")


def test_a_long_journal_is_folded_into_a_snapshot(
    channel, catalogue, editions: list, monkeypatch
) -> None:
    build = channel.out_dir / ".build"
    generation = json.loads((build / "manifest.json").read_text())["generation"]
    monkeypatch.setattr(manifest_module, "JOURNAL_LIMIT", 1)
    e = editions[3].model_copy(update={"edition": 2, "title": "更正后的标题"})
    catalogue.put(e)
    channel.update(e, None)
    assert not list(build.glob("journal-*.jsonl"))
    assert json.loads((build / "manifest.json").read_text())["generation"] != generation
    record = manifest_module.Manifest(channel.out_dir).item(e.index_no)
    assert record is not None and record["id"] == e.item_id
    items = {}
    for f in build.glob("items-*.json"):
        items.update(json.loads(f.read_text(encoding="utf-8")))
    assert items[e.index_no] == record


def test_new_templates_or_settings_make_the_next_delivery_a_full_build(
    channel, make_channel, editions: list
) -> None:
    renamed = make_channel("site", title="示例镇信息公开")
    renamed.update(editions[0], None)
    assert len(renamed.last_report.written) > 20
    assert html_files(renamed.out_dir) == fresh_build(make_channel, "fresh", title="示例镇信息公开")


def test_manifest_digests_hold_no_runs_of_digits(channel, catalogue, editions: list) -> None:
    """Digests, fingerprints and generations are written with letters only: eleven digits in a
    row in the published folder would read as a mobile number to the personal-data check."""
    import re

    e = editions[3].model_copy(update={"edition": 2, "title": "更正后的标题"})
    catalogue.put(e)
    channel.update(e, None)
    build = channel.out_dir / ".build"
    head = json.loads((build / "manifest.json").read_text())
    digests = [head["generation"], head["fingerprint"]]
    digests += json.loads((build / "site.json").read_text()).values()
    for bucket in build.glob("items-*.json"):
        digests += [r["digest"] for r in json.loads(bucket.read_text()).values()]
    assert len(digests) > 20
    assert [d for d in digests if re.search(r"\d", d)] == []
    for path in build.iterdir():
        assert not re.search(r"\d{11}", path.read_text(encoding="utf-8")), path.name
