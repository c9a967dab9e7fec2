"""A file channel for the worker tests, and its own tests.

``filelog`` appends one line per call to ``calls.log`` (the raw call count, re-runs included)
and, idempotently per delivery key, one line to ``delivered.log``: the check and the append
happen under an exclusive ``flock`` on that file, so any number of processes together write
each key once, and a process killed at any moment leaves either the whole line or none.

The worker processes load it as an installed plugin: :func:`install_fake_distribution` writes
a ``.dist-info`` with an entry point in a folder put on ``PYTHONPATH``. So this module imports
only the installed ``gov_disclosure`` (not ``testsupport``, which worker processes cannot see).
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from gov_disclosure import hookimpl
from gov_disclosure.channels import (
    Action,
    Channel,
    ChannelContext,
    PublishedEdition,
    Receipt,
)
from gov_disclosure.models import Audience, DisclosureMode, DocumentKind, ItemState, Level

CHANNEL = "filelog"


class FileLogSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dir: Path


class FileLogChannel(Channel):
    """Appends each delivery key once to ``delivered.log``; every call to ``calls.log``."""

    name: ClassVar[str] = CHANNEL
    Settings: ClassVar[type[BaseModel]] = FileLogSettings

    def __init__(self, settings: BaseModel, context: ChannelContext) -> None:
        super().__init__(settings, context)
        self.dir = Path(settings.dir)  # type: ignore[attr-defined]
        self.dir.mkdir(parents=True, exist_ok=True)
        self._seen: set[str] = set()
        self._offset = 0
        self._lock = threading.Lock()

    def _write(self, action: Action, edition: PublishedEdition) -> Receipt:
        key = f"{edition.item_id}:{edition.edition}:{self.name}:{action.value}"
        _append(self.dir / "calls.log", f"{key} {os.getpid()}\n")
        with self._lock:
            fd = os.open(self.dir / "delivered.log", os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                size = os.fstat(fd).st_size
                fresh = os.pread(fd, size - self._offset, self._offset).decode()
                self._seen.update(line.split(" ")[0] for line in fresh.splitlines())
                if key not in self._seen:
                    os.write(fd, f"{key} {os.getpid()}\n".encode())
                    self._seen.add(key)
                self._offset = os.fstat(fd).st_size
            finally:
                os.close(fd)  # closing releases the flock
        return Receipt(channel=self.name, action=action, location=f"file://{self.dir}#{key}")

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._write(Action.PUBLISH, edition)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        return self._write(Action.UPDATE, edition)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return self._write(Action.WITHDRAW, edition)


def _append(path: Path, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@hookimpl
def register_channels(register: Any) -> None:
    register(FileLogChannel)


def install_fake_distribution(folder: Path) -> Path:
    """A folder that, on ``PYTHONPATH`` together with this module's folder, makes
    ``importlib.metadata`` see an installed distribution whose ``gov_disclosure`` entry point
    is this module. Returns the folder."""
    dist = folder / "gd_filelog_test-0.1.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: gd-filelog-test\nVersion: 0.1\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        f"[gov_disclosure]\n{CHANNEL} = {Path(__file__).stem}\n", encoding="utf-8"
    )
    return folder


def lines(path: Path) -> list[str]:
    """The keys written to a log, one per line (empty when the file does not exist)."""
    if not path.exists():
        return []
    return [line.split(" ")[0] for line in path.read_text(encoding="utf-8").splitlines()]


# --- the channel's own tests -------------------------------------------------------------


def _edition(item_id: int) -> PublishedEdition:
    from datetime import date

    from gov_disclosure.channels import PublisherView

    return PublishedEdition(
        item_id=item_id,
        edition=1,
        index_no=f"X/2026-{item_id:05d}",
        state=ItemState.PUBLISHED,
        org=PublisherView(
            id=1, name="示例镇人民政府", credit_code="11320000MB1234562M", level=Level.TOWNSHIP
        ),
        title="通知",
        summary="",
        body="正文",
        publisher="示例镇人民政府",
        doc_number=None,
        written_on=date(2026, 3, 2),
        published_on=date(2026, 3, 5),
        topic="其他",
        column="其他",
        mode=DisclosureMode.PROACTIVE,
        ground=None,
        audience=Audience.PUBLIC,
        responsible_unit="党政办",
        kind=DocumentKind.NOTICE,
        urgent=False,
    )


def _channel(folder: Path) -> FileLogChannel:
    ctx = ChannelContext(data_dir=folder, catalogue=lambda: [])
    return FileLogChannel(FileLogSettings(dir=folder), ctx)


def test_a_repeated_delivery_is_written_once_but_counted_as_a_call(tmp_path: Path) -> None:
    first, second = _channel(tmp_path), _channel(tmp_path)  # two "processes"
    for channel in (first, second, first):
        channel.publish(_edition(7))
    second.publish(_edition(8))
    assert lines(tmp_path / "delivered.log") == ["7:1:filelog:publish", "8:1:filelog:publish"]
    assert len(lines(tmp_path / "calls.log")) == 4


def test_the_fake_distribution_exposes_the_entry_point(tmp_path: Path) -> None:
    from importlib.metadata import distributions

    folder = install_fake_distribution(tmp_path / "site")
    found = [
        ep
        for dist in distributions(path=[str(folder)])
        for ep in dist.entry_points
        if ep.group == "gov_disclosure"
    ]
    assert [(ep.name, ep.value) for ep in found] == [(CHANNEL, "test_workers_channel")]
