"""Channels that raise, hang past their timeout, return garbage or fail at random, over many
runs: the good channels deliver every item exactly once, the bad ones end ``dead`` after
``max_attempts`` (never ``done``), the flaky one delivers each item once in the end, and the
audit log verifies. Counts go to the reliability summary."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

import rel_kit
from sqlalchemy import select

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.tables import deliveries
from gov_disclosure.workdays import CHINA_TZ
from testsupport.core import (
    CREDIT,
    REVIEW_ACTORS,
    FixedClock,
    NoSettings,
    RecorderPlugin,
    RecordingChannel,
    draft,
)

SEED = 13
ITEMS = 12
RUNS = 10
MAX_ATTEMPTS = 4


class FaultyBase(Channel):
    Settings = NoSettings
    calls: ClassVar[Counter[str]] = Counter()
    faults: ClassVar[Counter[str]] = Counter()
    delivered: ClassVar[Counter[tuple[str, int]]] = Counter()

    def fault(self, edition: PublishedEdition) -> Receipt:
        raise NotImplementedError

    def publish(self, edition: PublishedEdition) -> Receipt:
        FaultyBase.calls[self.name] += 1
        return self.fault(edition)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return self.publish(edition)


class Raising(FaultyBase):
    name = "raising"

    def fault(self, edition: PublishedEdition) -> Receipt:
        FaultyBase.faults[self.name] += 1
        raise ConnectionResetError("gateway reset the connection")


class Hanging(FaultyBase):
    name = "hanging"
    release: ClassVar[threading.Event] = threading.Event()

    def fault(self, edition: PublishedEdition) -> Receipt:
        FaultyBase.faults[self.name] += 1
        Hanging.release.wait(5)  # far past the 0.2 s timeout
        raise AssertionError("a hung call's answer must be ignored")


class Garbage(FaultyBase):
    name = "garbage"

    def fault(self, edition: PublishedEdition) -> Receipt:
        FaultyBase.faults[self.name] += 1
        return {"ok": True}  # type: ignore[return-value]


class Flaky(FaultyBase):
    """Fails 40% of calls at random (seeded); records the calls that succeeded."""

    name = "flaky"
    rng: ClassVar[random.Random] = random.Random(SEED)

    def fault(self, edition: PublishedEdition) -> Receipt:
        if Flaky.rng.random() < 0.4:
            FaultyBase.faults[self.name] += 1
            raise TimeoutError("gateway timed out")
        FaultyBase.delivered[(self.name, edition.item_id)] += 1
        return Receipt(channel=self.name, action="publish", location=f"flaky://{edition.slug}")


class FaultPlugin:
    @hookimpl
    def register_channels(self, register):  # type: ignore[no-untyped-def]
        for cls in (Raising, Hanging, Garbage, Flaky):
            register(cls)


def _app(tmp_path: Path, clock: FixedClock) -> App:
    cfg = load_config(
        {
            "organization": {"credit_code": CREDIT},
            "actors": REVIEW_ACTORS,
            "publishing": {
                "timeout_seconds": 0.2,
                "backoff_seconds": 60,
                "backoff_max_seconds": 600,
                "max_attempts": MAX_ATTEMPTS,
            },
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), FaultPlugin()])
    app = App(f"sqlite:///{tmp_path / 'f.db'}", cfg, pm=pm, clock=clock)
    app.init()
    return app


def test_bad_channels_over_many_runs_never_lose_or_double_the_good_ones(tmp_path: Path) -> None:
    RecordingChannel.calls, RecordingChannel.failures_left = [], 0
    FaultyBase.calls.clear()
    FaultyBase.faults.clear()
    FaultyBase.delivered.clear()
    clock = FixedClock(datetime(2026, 3, 5, 9, tzinfo=CHINA_TZ))
    app = _app(tmp_path, clock)
    ids = []
    for i in range(ITEMS):
        item = app.create_item(draft(title=f"示例镇通知第{i + 1}号"), "clerk")
        app.submit(item.id, "clerk")
        app.approve(item.id, "chief")
        app.approve(item.id, "deputy")
        ids.append(item.id)
    try:
        for _ in range(RUNS):
            app.run()
            clock.at += timedelta(minutes=15)  # past every backoff
    finally:
        Hanging.release.set()
    with app.store.engine.connect() as conn:
        states = Counter(
            (r.channel, r.state)
            for r in conn.execute(select(deliveries.c.channel, deliveries.c.state))
        )
    recorded = Counter(item_id for _, item_id, _ in RecordingChannel.calls)
    flaky = Counter(item_id for (_, item_id) in FaultyBase.delivered.elements())
    faults = sum(FaultyBase.faults.values())
    rel_kit.record(
        "channel raises / hangs / garbage / flaky",
        runs=RUNS,
        faults=faults,
        lost=sum(1 for i in ids if recorded[i] == 0) + sum(1 for i in ids if flaky[i] == 0),
        duplicated=sum(n - 1 for n in recorded.values() if n > 1)
        + sum(n - 1 for n in flaky.values() if n > 1),
        note=f"{ITEMS} items, faults by channel {dict(FaultyBase.faults)}",
    )
    assert recorded == Counter({i: 1 for i in ids})
    assert flaky == Counter({i: 1 for i in ids})
    assert states[("flaky", "done")] == ITEMS
    for bad in ("raising", "hanging", "garbage"):
        assert states[(bad, "dead")] == ITEMS, states
        assert states[(bad, "done")] == 0
        assert FaultyBase.calls[bad] == ITEMS * MAX_ATTEMPTS
    assert faults >= 3 * ITEMS * MAX_ATTEMPTS
    assert rel_kit.audit_ok(app)


def test_sqlite_write_lock_held_by_another_connection_during_runs(tmp_path: Path) -> None:
    """Another program holds the database's write lock at random moments while ``run``
    works: the run waits (busy timeout) or fails cleanly, and a rerun completes."""
    import sqlite3

    rng = random.Random(SEED)
    office = rel_kit.make_office(tmp_path / "office", lease=1, timeout=20)
    app = office.app()
    rel_kit.seed_approved(app, 40)
    held = 0
    proc = office.start_run()
    locker = sqlite3.connect(tmp_path / "office" / "gd.db", timeout=30, isolation_level=None)
    try:
        while proc.poll() is None and held < 6:
            time.sleep(rng.uniform(0.2, 0.8))
            locker.execute("BEGIN IMMEDIATE")  # the write lock, as a backup tool would take it
            time.sleep(rng.uniform(0.5, 2.0))
            locker.execute("ROLLBACK")
            held += 1
    finally:
        locker.close()
    _, err = proc.communicate(timeout=240)
    first_code = proc.returncode
    assert first_code == 0 or "Traceback" not in err, err[-2000:]
    runs = 1
    for _ in range(5):
        time.sleep(1.2)
        code, _, err = office.run()
        runs += 1
        assert code == 0, err[-2000:]
        counts = rel_kit.delivery_counts(app)
        if counts.lost == 0:
            break
    rel_kit.record(
        "SQLite write lock held",
        runs=runs,
        faults=held,
        lost=counts.lost,
        duplicated=counts.duplicated_keys,
        note=f"lock held {held} times; first run exit {first_code}",
    )
    assert held >= 1
    assert counts.lost == 0 and counts.duplicated_keys == 0, counts
    assert rel_kit.check_channels(app, tmp_path / "office" / "out").problems == []
    assert rel_kit.audit_ok(app)
