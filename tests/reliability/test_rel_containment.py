"""Outputs stay inside their folders: symbolic links planted in the output tree (in place of
files and of intermediate folders) never redirect a write, for the website, kiosk, bulletin,
SMS outbox, reports and archives; files holding personal data are created 0600.

An office publishes once; then every file of its output folders is replaced by a link to a
file outside, and some folders by links to copies outside; more items are published and the
website and kiosk rebuilt. Nothing outside changes (every outside file is hashed before and
after), and each planted link is either replaced by a real file (a link at a file's own name
is renamed over, never written through) or refused with ``UnsafeOutputError``."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
import rel_kit

from gov_disclosure.files import PRIVATE, SafeDir, UnsafeOutputError, append_line, write_atomic
from gov_disclosure.reports.output import write_files


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _plant(out: Path, outside: Path, folders: tuple[str, ...]) -> int:
    """Replace files by links to outside victims, and ``folders`` by links to outside copies;
    returns how many links were planted."""
    planted = 0
    for n, path in enumerate(sorted(p for p in out.rglob("*") if p.is_file())):
        victim = outside / "victims" / f"{n}{path.suffix}"
        victim.parent.mkdir(parents=True, exist_ok=True)
        victim.write_bytes(b"victim file, must not change\n")
        path.unlink()
        path.symlink_to(victim)
        planted += 1
    for rel in folders:
        folder = out / rel
        if folder.is_dir() and not folder.is_symlink():
            copy = outside / "dirs" / rel.replace("/", "_")
            shutil.copytree(folder, copy, symlinks=True)
            shutil.rmtree(folder)
            folder.symlink_to(copy, target_is_directory=True)
            planted += 1
    return planted


FOLDERS = (
    "website/items",
    "website/search",
    "website/assets",
    "kiosk/data",
    "bulletin/notices",
    "website/files",
)


def test_links_planted_everywhere_redirect_nothing(tmp_path: Path) -> None:
    office = rel_kit.make_office(tmp_path / "office")
    app = office.app()
    rel_kit.seed_approved(app, 8)
    app.run()
    out = tmp_path / "office" / "out"
    outbox_dir = app.config.resolve(app.config.storage.private_dir)
    assert (outbox_dir / "sms-outbox.jsonl").is_file()
    outside = tmp_path / "outside"
    planted = _plant(out, outside, FOLDERS)
    planted += _plant(outbox_dir, outside / "private", ())
    before = _snapshot(outside)
    assert planted > 50 and before
    rel_kit.seed_approved(app, 6, start=100)
    app.run()
    app.run()
    for channel in ("website", "kiosk"):
        with pytest.raises(UnsafeOutputError):
            app.channels[channel].rebuild()  # type: ignore[attr-defined]
    after = _snapshot(outside)
    changed = sorted(k for k in before if before[k] != after.get(k))
    added = sorted(set(after) - set(before))
    rel_kit.record(
        "links planted in output folders (website, kiosk, bulletin, SMS outbox)",
        runs=3,
        faults=planted,
        lost=len(changed) + len(added),
        note=f"{planted} links; outside files changed {changed[:3]} added {added[:3]}",
    )
    assert changed == [] and added == []
    app.store.dispose()


@pytest.mark.parametrize("where", ["file", "folder", "deep folder", "root"])
def test_every_writer_refuses_or_replaces_a_link(tmp_path: Path, where: str) -> None:
    """The helper each writer uses: a link at the file's name is replaced by the real file;
    a link in place of a folder (or of the root) is refused; the target is never touched."""
    victim_dir = tmp_path / "victim"
    victim_dir.mkdir()
    victim = victim_dir / "report.html"
    victim.write_text("victim", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    writers = {
        "write": lambda rel: SafeDir(out).write(rel, b"new"),
        "append": lambda rel: SafeDir(out).append(rel, b"line\n"),
        "write_atomic": lambda rel: write_atomic(out / rel, b"new", root=out),
        "report files": lambda rel: write_files({rel: b"new"}, out),
        "append_line": lambda rel: append_line(out / rel, "line"),
    }
    for name, write in writers.items():
        rel = {"file": "report.html", "folder": "sub/report.html"}.get(where, "a/b/report.html")
        for child in out.iterdir():
            child.unlink() if child.is_symlink() or child.is_file() else shutil.rmtree(child)
        if where == "file":
            (out / "report.html").symlink_to(victim)
        elif where == "folder":
            (out / "sub").symlink_to(victim_dir, target_is_directory=True)
        elif where == "deep folder":
            (out / "a").mkdir()
            (out / "a" / "b").symlink_to(victim_dir, target_is_directory=True)
        if where == "root":
            out.rmdir()
            out.symlink_to(victim_dir, target_is_directory=True)
            rel = "report.html"
        try:
            if where == "file" and name in ("write", "write_atomic", "report files"):
                write(rel)  # renamed over the link
                assert not (out / rel).is_symlink() and (out / rel).read_bytes() == b"new"
            else:
                with pytest.raises(UnsafeOutputError):
                    write(rel)
        finally:
            if where == "root":
                out.unlink()
                out.mkdir()
        assert victim.read_text(encoding="utf-8") == "victim", name
        assert sorted(p.name for p in victim_dir.iterdir()) == ["report.html"], name
        rel_kit.record("links planted in output folders (each writer)", runs=1, faults=1)


def test_hard_linked_outbox_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "passwd"
    victim.write_text("root:x:0:0\n", encoding="utf-8")
    out = tmp_path / "private"
    out.mkdir()
    os.link(victim, out / "sms-outbox.jsonl")
    with pytest.raises(UnsafeOutputError):
        append_line(out / "sms-outbox.jsonl", '{"messages": []}')
    assert victim.read_text(encoding="utf-8") == "root:x:0:0\n"
    rel_kit.record("links planted in output folders (each writer)", runs=1, faults=1)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_personal_data_is_owner_only_and_public_outputs_readable(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        office = rel_kit.make_office(tmp_path / "office")
        app = office.app()
        rel_kit.seed_approved(app, 3)
        app.run()
        private = app.config.resolve(app.config.storage.private_dir)
        out = tmp_path / "office" / "out"
        assert _mode(tmp_path / "office" / "gd.db") == PRIVATE
        assert _mode(private / "sms-outbox.jsonl") == PRIVATE
        assert not (out / "sms-outbox.jsonl").exists()
        assert _mode(out / "website" / "index.html") == 0o644
        assert _mode(out / "kiosk" / "index.html") == 0o644
        from gov_disclosure.reports.archive import build_archive

        archive = tmp_path / "archive"
        build_archive(app, 2026, archive)
        archived = [p for p in archive.rglob("*") if p.is_file()]
        assert archived and {_mode(p) for p in archived} == {PRIVATE}
        app.store.dispose()
    finally:
        os.umask(old)
    rel_kit.record("files holding personal data created 0600", runs=1, faults=0)
