"""Building the bundle: manifest, what is shown, and incremental changes."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from gov_disclosure_kiosk import KioskSettings, read_manifest, verify_bundle
from gov_disclosure_kiosk.bundle import index_path, items_path, shard_of
from gov_disclosure_kiosk.manifest import check_path
from pydantic import ValidationError

from gov_disclosure.channels import Action
from gov_disclosure.errors import ConfigError, InvalidInputError
from gov_disclosure.models import ItemState
from testsupport.samples import CREDIT, bulk_editions


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", "manifest.sig")
    }


def _hashes(root: Path) -> dict[str, str]:
    return {p: hashlib.sha256((root / p).read_bytes()).hexdigest() for p in _files(root)}


def _shown_slugs(root: Path) -> set[str]:
    slugs = set()
    for path in sorted((root / "data").glob("items-*.js")):
        text = path.read_text(encoding="utf-8")
        slugs |= set(json.loads(text[text.index("]=") + 2 : text.rindex(";")]))
    return slugs


def test_manifest_lists_every_file_with_its_hash(bundle: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == _files(bundle)
    for path, entry in manifest["files"].items():
        data = (bundle / path).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert verify_bundle(bundle) == []
    (bundle / "app.js").write_text("tampered", encoding="utf-8")
    assert verify_bundle(bundle) == ["app.js"]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href")]
        if a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") or ""


def test_the_page_loads_only_bundle_files_under_a_strict_csp(bundle: Path) -> None:
    refs = _Refs()
    refs.feed((bundle / "index.html").read_text(encoding="utf-8"))
    assert refs.csp.startswith("default-src 'self';") and "connect-src 'none'" in refs.csp
    assert "img-src 'self' data:;" in refs.csp and "http" not in refs.csp
    assert len(refs.refs) == 1 + 1 + 8 + 3  # stylesheet, config, 8 index shards, 3 scripts
    for ref in refs.refs:
        path = ref.split("?")[0]
        assert (bundle / path).is_file() and ":" not in ref and not ref.startswith("/")
    for name in ("app.js", "search.js", "keyboard.js", "kiosk.css"):
        code = (bundle / name).read_text(encoding="utf-8")
        assert "http" not in code and "url(" not in code and "innerHTML" not in code


def test_only_public_live_items_are_shown(bundle: Path) -> None:
    shown = _shown_slugs(bundle)
    slug = lambda seq: f"{CREDIT}-2026-{seq:05d}"  # noqa: E731
    assert slug(4) in shown and slug(6) in shown  # notices still inside their 公示期
    assert slug(9) not in shown  # 内部公开
    assert slug(10) not in shown  # expired 公示
    assert slug(11) in shown  # repealed rules stay, marked 已废止
    assert len(shown) == 10


def test_a_notice_past_its_end_date_leaves_even_before_the_core_expires_it(make_channel) -> None:
    later = make_channel(shards=8)
    later.context.now = lambda: datetime(2026, 3, 10, 8)
    shown = _shown_slugs(later.rebuild().root)
    assert f"{CREDIT}-2026-00006" not in shown  # tender notice ended 03-08
    assert f"{CREDIT}-2026-00004" in shown  # 低保 notice runs to 03-12


def test_item_record_holds_metadata_table_attachment_and_qr(bundle: Path) -> None:
    slug = f"{CREDIT}-2026-00007"
    shard = shard_of(slug, 8)
    text = (bundle / items_path(shard)).read_text(encoding="utf-8")
    record = json.loads(text[text.index("]=") + 2 : text.rindex(";")])[slug]
    meta = dict(record["meta"])
    assert meta["索引号"] == f"{CREDIT}/2026-00007"
    assert meta["发布机构"] == "示例镇人民政府"
    assert meta["文号"] == "无" and meta["有效性"] == "有效"
    assert record["attachments"] == [
        {"name": "2026年预算附表.txt", "media_type": "text/plain", "size": 35}
    ]
    assert record["url"] == f"https://gk.example.gov.cn/items/{slug}.html"
    assert record["qr"].startswith("data:image/png;base64,")

    slug3 = f"{CREDIT}-2026-00003"
    text = (bundle / items_path(shard_of(slug3, 8))).read_text(encoding="utf-8")
    table = json.loads(text[text.index("]=") + 2 : text.rindex(";")])[slug3]["tables"][0]
    assert table["rows"][3] == ["道路维修", "0", "12,450.50"]
    assert table["total"] == ["合计", "82,000.00", "31,050.50"]


def test_publishing_one_item_rewrites_only_its_shard(catalogue, channel, bundle: Path) -> None:
    before = _hashes(bundle)
    new = bulk_editions(1)[0].model_copy(
        update={"index_no": f"{CREDIT}/2026-00100", "title": "关于低保复核的通知"}
    )
    catalogue.put(new)
    receipt = channel.publish(new)
    after = _hashes(bundle)
    shard = shard_of(new.slug, 8)
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {index_path(shard), items_path(shard), "index.html"}
    assert receipt.location == str(bundle) and receipt.action is Action.PUBLISH
    assert sorted(receipt.details["files_written"]) == sorted(changed)
    assert new.slug in _shown_slugs(bundle)


def test_publishing_before_the_catalogue_has_it_still_shows_it(channel, bundle: Path) -> None:
    new = bulk_editions(1)[0].model_copy(update={"index_no": f"{CREDIT}/2026-00101"})
    channel.publish(new)
    assert new.slug in _shown_slugs(bundle)


def test_update_and_withdraw_touch_only_the_items_shard(catalogue, channel, bundle: Path) -> None:
    index_no = f"{CREDIT}/2026-00005"
    slug = f"{CREDIT}-2026-00005"
    shard = shard_of(slug, 8)
    before = _hashes(bundle)
    newer = catalogue.by_index[index_no].model_copy(
        update={"edition": 2, "title": "强对流天气防范（更新）"}
    )
    catalogue.put(newer)
    channel.update(newer, None)
    mid = _hashes(bundle)
    assert {p for p in mid if before.get(p) != mid[p]} == {
        index_path(shard),
        items_path(shard),
        "index.html",
    }
    assert "强对流天气防范（更新）" in (bundle / index_path(shard)).read_text(encoding="utf-8")

    catalogue.drop(index_no)
    receipt = channel.withdraw(newer, "内容有误", None)
    after = _hashes(bundle)
    assert {p for p in after if mid.get(p) != after[p]} == {
        index_path(shard),
        items_path(shard),
        "index.html",
    }
    assert slug not in _shown_slugs(bundle)
    assert receipt.details["reason"] == "内容有误"


def test_withdrawn_list_wins_over_a_stale_catalogue(context, channel, bundle: Path) -> None:
    context.withdrawn = lambda: [(f"{CREDIT}/2026-00008", "撤回")]
    channel.rebuild()
    assert f"{CREDIT}-2026-00008" not in _shown_slugs(bundle)


def test_expire_takes_the_notice_off_the_kiosk(catalogue, channel, bundle: Path) -> None:
    index_no = f"{CREDIT}/2026-00004"
    expired = catalogue.by_index[index_no].model_copy(update={"state": ItemState.EXPIRED})
    catalogue.put(expired)
    receipt = channel.expire(expired, None)
    assert receipt.action is Action.EXPIRE and receipt.details["reason"] == "公示期满"
    assert expired.slug not in _shown_slugs(bundle)


def test_nothing_changed_writes_nothing(channel, bundle: Path) -> None:
    manifest = (bundle / "manifest.json").read_bytes()
    result = channel.rebuild()
    assert result.written == () and result.removed == ()
    assert (bundle / "manifest.json").read_bytes() == manifest


def test_a_title_change_of_settings_rewrites_only_the_page_files(make_channel, bundle) -> None:
    before = _hashes(bundle)
    make_channel(shards=8, title="便民服务中心政务公开").rebuild()
    after = _hashes(bundle)
    assert {p for p in after if before[p] != after[p]} == {"index.html", "data/config.js"}


def test_fewer_shards_remove_the_old_files(make_channel, bundle: Path) -> None:
    result = make_channel(shards=2).rebuild()
    assert index_path(7) in result.removed and not (bundle / index_path(7)).exists()
    assert set(read_manifest(bundle).files) == _files(bundle)


def test_a_script_in_a_title_is_data_not_markup(catalogue, channel, bundle: Path) -> None:
    evil = bulk_editions(1)[0].model_copy(
        update={"index_no": f"{CREDIT}/2026-00666", "title": '<script>alert("x")</script><img>'}
    )
    catalogue.put(evil)
    channel.publish(evil)
    assert "<script>alert" not in (bundle / "index.html").read_text(encoding="utf-8")
    shard_js = (bundle / index_path(shard_of(evil.slug, 8))).read_text(encoding="utf-8")
    assert json.dumps(evil.title, ensure_ascii=False) in shard_js


def test_base_url_is_required_and_checked(context) -> None:
    from gov_disclosure_kiosk import KioskChannel

    context.site = {}
    with pytest.raises(ConfigError) as err:
        KioskChannel(KioskSettings(), context)
    assert err.value.key == "channels.kiosk.base_url"
    with pytest.raises(ValidationError, match="base_url must start with http"):
        KioskSettings(base_url="ftp://x")


def test_out_dir_defaults_to_and_resolves_under_the_data_dir(context, make_channel, tmp_path):
    assert make_channel().out_dir == context.data_dir / "kiosk"
    assert make_channel(out_dir="hall").out_dir == context.data_dir / "hall"
    assert make_channel(out_dir=tmp_path / "abs").out_dir == tmp_path / "abs"


@pytest.mark.parametrize("path", ["../x.js", "/etc/passwd", "data/../../x", ".hidden", "a//b", ""])
def test_manifest_paths_cannot_leave_the_bundle(path: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        check_path(path)
    assert err.value.field == "manifest.files"


def test_builds_wait_for_each_other(catalogue, channel, bundle: Path) -> None:
    new = bulk_editions(1)[0].model_copy(update={"index_no": f"{CREDIT}/2026-00900"})
    catalogue.put(new)
    worker = threading.Thread(target=channel.publish, args=(new,))
    with channel.builder.locked():
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive()  # blocked on the lock another delivery holds
        assert new.slug not in _shown_slugs(bundle)
    worker.join()
    assert new.slug in _shown_slugs(bundle)


def test_a_damaged_manifest_means_a_full_rewrite(channel, bundle: Path) -> None:
    (bundle / "manifest.json").write_text("{not json", encoding="utf-8")
    (bundle / "app.js").write_text("damaged", encoding="utf-8")
    result = channel.rebuild()
    assert set(result.written) == _files(bundle)
    assert verify_bundle(bundle) == []


def test_temporaries_left_by_a_killed_writer_are_removed(catalogue, channel, bundle: Path) -> None:
    stale = bundle / "data" / ".items-003.js.12345.tmp"
    stale.write_bytes(b"half a file")
    new = bulk_editions(1)[0].model_copy(update={"index_no": f"{CREDIT}/2026-00102"})
    catalogue.put(new)
    channel.publish(new)
    assert not stale.exists()
    assert not [p for p in bundle.rglob("*.tmp")]
