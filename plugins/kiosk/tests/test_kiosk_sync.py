"""Pulling updates onto a kiosk: only changed files, atomic swap, interrupted pulls."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from gov_disclosure_kiosk import KioskSyncError, pull_bundle, signing, verify_bundle
from gov_disclosure_kiosk.bundle import index_path, items_path, shard_of
from gov_disclosure_kiosk.cli import kiosk

from gov_disclosure.errors import InvalidInputError
from testsupport.samples import CREDIT, bulk_editions


def _manifest_files(root: Path) -> dict[str, dict]:
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]


def _publish_one(catalogue, channel, seq: int = 200):
    new = bulk_editions(1)[0].model_copy(update={"index_no": f"{CREDIT}/2026-{seq:05d}"})
    catalogue.put(new)
    channel.publish(new)
    return new


def test_first_pull_copies_the_whole_bundle(bundle: Path, tmp_path: Path) -> None:
    kiosk_dir = tmp_path / "kiosk"
    result = pull_bundle(bundle, kiosk_dir)
    current = kiosk_dir / "current"
    assert current.is_symlink() and (current / "index.html").is_file()
    assert result.previous is None and result.changed
    assert set(result.fetched) == set(_manifest_files(bundle)) and result.reused == ()
    assert verify_bundle(current) == []
    assert (current / "manifest.json").read_bytes() == (bundle / "manifest.json").read_bytes()


def test_update_fetches_only_changed_files(catalogue, channel, bundle, tmp_path) -> None:
    kiosk_dir = tmp_path / "kiosk"
    first = pull_bundle(bundle, kiosk_dir)
    before = _manifest_files(bundle)
    new = _publish_one(catalogue, channel)
    after = _manifest_files(bundle)
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {index_path(shard_of(new.slug, 8)), items_path(shard_of(new.slug, 8)),
                       "index.html"}  # fmt: skip
    second = pull_bundle(bundle, kiosk_dir)
    assert set(second.fetched) == changed
    assert set(second.reused) == set(after) - changed
    assert second.previous == first.release and second.release != first.release
    assert (kiosk_dir / "current").resolve().name == second.release
    assert verify_bundle(kiosk_dir / "current") == []
    # the release before stays for going back by hand; a third pull drops the oldest
    assert (kiosk_dir / "releases" / first.release / "index.html").is_file()
    _publish_one(catalogue, channel, seq=201)
    pull_bundle(bundle, kiosk_dir)
    assert not (kiosk_dir / "releases" / first.release).exists()


def test_pull_when_nothing_changed_is_a_no_op(bundle, tmp_path) -> None:
    first = pull_bundle(bundle, tmp_path / "kiosk")
    again = pull_bundle(bundle, tmp_path / "kiosk")
    assert not again.changed and again.fetched == () and again.release == first.release


def test_an_interrupted_pull_leaves_the_old_bundle_working(catalogue, channel, bundle, tmp_path):
    kiosk_dir = tmp_path / "kiosk"
    first = pull_bundle(bundle, kiosk_dir)
    for seq in range(300, 340):  # touch many shards
        _publish_one(catalogue, channel, seq)
    done: list[str] = []

    def power_cut(path: str) -> None:
        done.append(path)
        if len(done) == 3:
            raise KeyboardInterrupt("power cut")

    with pytest.raises(KeyboardInterrupt):
        pull_bundle(bundle, kiosk_dir, on_file=power_cut)
    assert (kiosk_dir / "current").resolve().name == first.release
    assert verify_bundle(kiosk_dir / "current") == []
    assert [p.name for p in (kiosk_dir / "releases").iterdir()] == [first.release]
    retry = pull_bundle(bundle, kiosk_dir)
    assert retry.previous == first.release and verify_bundle(kiosk_dir / "current") == []


def test_a_half_copied_usb_stick_is_refused(catalogue, channel, bundle, tmp_path) -> None:
    kiosk_dir = tmp_path / "kiosk"
    first = pull_bundle(bundle, kiosk_dir)
    new = _publish_one(catalogue, channel)
    usb = tmp_path / "usb"
    shutil.copytree(bundle, usb)
    shard_file = usb / items_path(shard_of(new.slug, 8))
    shard_file.write_bytes(shard_file.read_bytes()[:100])  # the copy stopped midway
    with pytest.raises(KioskSyncError, match="does not match the manifest") as err:
        pull_bundle(usb, kiosk_dir)
    assert err.value.retryable and err.value.channel == "kiosk"
    assert (kiosk_dir / "current").resolve().name == first.release
    assert not any(p.name.startswith(".staging") for p in (kiosk_dir / "releases").iterdir())


def test_pull_over_http_from_a_local_server(catalogue, channel, bundle, tmp_path, serve) -> None:
    url = serve(bundle)
    kiosk_dir = tmp_path / "kiosk"
    first = pull_bundle(url, kiosk_dir)
    assert set(first.fetched) == set(_manifest_files(bundle))
    new = _publish_one(catalogue, channel)
    second = pull_bundle(url + "/", kiosk_dir)
    assert items_path(shard_of(new.slug, 8)) in second.fetched
    assert len(second.fetched) == 3
    assert verify_bundle(kiosk_dir / "current") == []


def test_http_pull_with_a_missing_file_keeps_the_old_bundle(
    catalogue, channel, bundle, tmp_path, serve
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(bundle, mirror)
    kiosk_dir = tmp_path / "kiosk"
    first = pull_bundle(serve(mirror), kiosk_dir)
    new = _publish_one(catalogue, channel)
    shutil.rmtree(mirror)
    shutil.copytree(bundle, mirror)
    (mirror / items_path(shard_of(new.slug, 8))).unlink()  # the upload is not finished
    with pytest.raises(KioskSyncError, match="HTTP 404"):
        pull_bundle(serve(mirror), kiosk_dir)
    assert (kiosk_dir / "current").resolve().name == first.release


def test_no_bundle_or_no_server_is_a_retryable_error(tmp_path: Path, serve) -> None:
    url = serve(tmp_path)  # a server with no bundle
    with pytest.raises(KioskSyncError, match=r"manifest\.json: HTTP 404") as err:
        pull_bundle(url, tmp_path / "kiosk", timeout=5)
    assert err.value.retryable
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(KioskSyncError, match="ConnectionError") as err:
        pull_bundle(f"http://127.0.0.1:{port}/kiosk", tmp_path / "kiosk", timeout=5)
    assert err.value.retryable
    assert not (tmp_path / "kiosk" / "current").exists()


def test_a_manifest_naming_a_path_outside_is_refused(bundle: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil"
    shutil.copytree(bundle, evil)
    manifest = json.loads((evil / "manifest.json").read_text(encoding="utf-8"))
    data = b"x"
    manifest["files"]["../../outside.txt"] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": 1,
    }
    (evil / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(KioskSyncError, match="签名"):  # not signed by the office: refused
        pull_bundle(evil, tmp_path / "kiosk")
    key = signing.load_or_create(tmp_path / "data-private" / "kiosk-signing.key")
    (evil / "manifest.sig").write_bytes(signing.sign(key, (evil / "manifest.json").read_bytes()))
    with pytest.raises(InvalidInputError, match="inside the bundle"):  # signed, still refused
        pull_bundle(evil, tmp_path / "kiosk")
    assert not (tmp_path / "outside.txt").exists()


def test_a_kiosk_folder_can_feed_another_kiosk(bundle: Path, tmp_path: Path) -> None:
    pull_bundle(bundle, tmp_path / "a")
    result = pull_bundle(tmp_path / "a", tmp_path / "b")
    assert verify_bundle(tmp_path / "b" / "current") == [] and result.changed


def test_cli_pull_and_verify(bundle: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    dest = tmp_path / "kiosk"
    out = runner.invoke(kiosk, ["pull", str(bundle), str(dest)])
    assert out.exit_code == 0, out.output
    assert "已更新" in out.output and "index.html" in out.output
    out = runner.invoke(kiosk, ["pull", str(bundle), str(dest)])
    assert "已是最新" in out.output
    assert runner.invoke(kiosk, ["verify", str(dest)]).exit_code == 0
    (dest / "current" / "kiosk.css").unlink()
    out = runner.invoke(kiosk, ["verify", str(dest)])
    assert out.exit_code == 1 and "kiosk.css" in out.output
