"""Kiosks run only the office's bundles: a bundle with its own index.html and scripts, one
signed by another key, one whose template was changed after signing, one with the manifest
re-written to match a swapped script: ``kiosk pull`` refuses each (before anything is
fetched, the kiosk keeps showing its release) and ``kiosk verify`` fails on a release
tampered with in place. Key rotation: a kiosk trusting the old and the new key takes bundles
signed by either."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import rel_kit
from click.testing import CliRunner
from gov_disclosure_kiosk import KioskChannel, KioskSettings, KioskSyncError, pull_bundle, signing
from gov_disclosure_kiosk.cli import kiosk

from gov_disclosure.channels import ChannelContext
from testsupport.samples import sample_editions


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, Path, str]:
    """(the office's bundle, a kiosk that pulled it, the office's public key)."""
    editions = sample_editions(tmp_path / "attachments")
    context = ChannelContext(
        data_dir=tmp_path / "data",
        catalogue=lambda: editions,
        organization={"name": "示例镇人民政府"},
        site={"base_url": "https://gk.example.gov.cn"},
        now=lambda: datetime(2026, 3, 6, 9, 30),
    )
    channel = KioskChannel(KioskSettings(shards=4), context)
    result = channel.rebuild()
    key_file = tmp_path / "data-private" / "kiosk-signing.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert not any(p.name == key_file.name for p in result.root.rglob("*"))
    public = signing.public_text(channel.signing_key)
    dest = tmp_path / "terminal"
    dest.mkdir()
    (dest / signing.TRUSTED_NAME).write_text(public + "\n", encoding="ascii")
    pull_bundle(result.root, dest)
    return result.root, dest, public


def _rewrite_manifest(bundle: Path, path: str, data: bytes) -> None:
    (bundle / path).write_bytes(data)
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][path] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


EVIL_PAGE = b"<!doctype html><script src='evil.js'></script>"


def _own_bundle_unsigned(bundle: Path, tmp: Path) -> None:
    _rewrite_manifest(bundle, "index.html", EVIL_PAGE)
    (bundle / "manifest.sig").unlink()


def _signed_by_another_key(bundle: Path, tmp: Path) -> None:
    _rewrite_manifest(bundle, "index.html", EVIL_PAGE)
    other = signing.load_or_create(tmp / "mallory.key")
    (bundle / "manifest.sig").write_bytes(
        signing.sign(other, (bundle / "manifest.json").read_bytes())
    )


def _template_changed_after_signing(bundle: Path, tmp: Path) -> None:
    _rewrite_manifest(bundle, "index.html", EVIL_PAGE)  # the old signature stays


def _script_swapped(bundle: Path, tmp: Path) -> None:
    (bundle / "app.js").write_bytes(b"window.__pwned = 1;")  # manifest and signature kept


ATTACKS: dict[str, Callable[[Path, Path], None]] = {
    "own index.html, no signature": _own_bundle_unsigned,
    "signed by another key": _signed_by_another_key,
    "template changed after signing": _template_changed_after_signing,
    "script swapped under a good signature": _script_swapped,
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_pull_refuses_a_bundle_the_office_did_not_sign(
    office: tuple[Path, Path, str], tmp_path: Path, name: str
) -> None:
    bundle, dest, _ = office
    before = (dest / "current").resolve()
    evil = tmp_path / "evil"
    shutil.copytree(bundle, evil)
    ATTACKS[name](evil, tmp_path)
    fresh = tmp_path / "fresh-terminal"  # trusts the office's key, has nothing yet
    fresh.mkdir()
    shutil.copy(dest / signing.TRUSTED_NAME, fresh / signing.TRUSTED_NAME)
    result = CliRunner().invoke(kiosk, ["pull", str(evil), str(fresh)])
    CliRunner().invoke(kiosk, ["pull", str(evil), str(dest)])  # a terminal in service
    rel_kit.record(
        "kiosk bundles not signed by the office (pull)",
        runs=1,
        faults=1,
        lost=int(result.exit_code == 0),
        note=name,
    )
    assert result.exit_code != 0, result.output
    assert not (fresh / "current").exists()
    assert (dest / "current").resolve() == before  # still the office's release
    assert b"evil" not in (dest / "current" / "index.html").read_bytes()
    assert b"pwned" not in (dest / "current" / "app.js").read_bytes()


def test_verify_fails_on_a_release_changed_in_place(office: tuple[Path, Path, str]) -> None:
    _, dest, _ = office
    runner = CliRunner()
    assert runner.invoke(kiosk, ["verify", str(dest)]).exit_code == 0
    current = (dest / "current").resolve()
    _rewrite_manifest(current, "index.html", EVIL_PAGE)  # manifest edited to match
    result = runner.invoke(kiosk, ["verify", str(dest)])
    rel_kit.record("kiosk bundles not signed by the office (verify)", runs=1, faults=1)
    assert result.exit_code != 0 and "签名" in str(result.exception or result.output)


def test_no_trusted_key_no_install(office: tuple[Path, Path, str], tmp_path: Path) -> None:
    bundle, _, _ = office
    with pytest.raises(KioskSyncError, match="trusted-keys"):
        pull_bundle(bundle, tmp_path / "new-terminal")
    assert not (tmp_path / "new-terminal" / "current").exists()


def test_key_rotation(office: tuple[Path, Path, str], tmp_path: Path) -> None:
    """The office makes a new key; kiosks get the new public key beside the old one first,
    then bundles are signed with the new key; the old key is removed from kiosks last."""
    bundle, dest, old_public = office
    new_key = signing.load_or_create(tmp_path / "new-signing.key")
    (dest / signing.TRUSTED_NAME).write_text(
        f"{old_public}  # until the rotation is done\n{signing.public_text(new_key)}\n",
        encoding="ascii",
    )
    rotated = tmp_path / "rotated"
    shutil.copytree(bundle, rotated)
    _rewrite_manifest(rotated, "index.html", (bundle / "index.html").read_bytes() + b"\n")
    (rotated / "manifest.sig").write_bytes(
        signing.sign(new_key, (rotated / "manifest.json").read_bytes())
    )
    assert pull_bundle(rotated, dest).changed
    (dest / signing.TRUSTED_NAME).write_text(signing.public_text(new_key) + "\n", "ascii")
    with pytest.raises(KioskSyncError):
        pull_bundle(bundle, dest)  # signed by the retired key
