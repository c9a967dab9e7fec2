"""The worker loop in-process: draining, a clean stop on SIGTERM, lease renewal, a lost lease
never recorded twice, bad options, and the command line."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, update

from benchmarks.bench_pipeline import make_app, seed_deliveries, seed_items
from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.cli.worker_cmd import worker_cmd
from gov_disclosure.errors import InvalidInputError
from gov_disclosure.publishing.leases import claim
from gov_disclosure.publishing.worker import Worker, WorkerSettings
from gov_disclosure.store.engine import utcnow
from gov_disclosure.store.tables import audit_log, deliveries


class Scripted(Channel):
    """Records each call; ``script(n)`` (n = 1, 2, …) runs inside the call before it answers."""

    name: ClassVar[str] = "scripted"

    class Settings(BaseModel):
        model_config = ConfigDict(extra="forbid")

    Settings: ClassVar[type[BaseModel]]  # type: ignore[no-redef]
    calls: ClassVar[list[int]] = []
    script: ClassVar[Callable[[int], None] | None] = None

    def publish(self, edition: PublishedEdition) -> Receipt:
        Scripted.calls.append(edition.item_id)
        if Scripted.script is not None:
            Scripted.script(len(Scripted.calls))
        return Receipt(channel=self.name, action="publish", location=f"mem://{edition.slug}")

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return Receipt(channel=self.name, action="withdraw")


class ScriptedPlugin:
    @hookimpl
    def register_channels(self, register: Any) -> None:
        register(Scripted)


def _app(url: str, folder: Path, n: int, **publishing: Any) -> App:
    Scripted.calls, Scripted.script = [], None
    app = make_app(url, folder, (ScriptedPlugin(),), **publishing)
    seed_deliveries(app, seed_items(app, n, published=True), "scripted")
    return app


def _states(app: App) -> dict[str, int]:
    with app.store.engine.connect() as conn:
        q = select(deliveries.c.state, func.count()).group_by(deliveries.c.state)
        return dict(conn.execute(q).all())


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'w.db'}"


def test_once_drains_the_outbox_and_stops(sqlite_url: str, tmp_path: Path) -> None:
    app = _app(sqlite_url, tmp_path, 120)
    stats = Worker(app, WorkerSettings("solo", once=True, batch=25)).run()
    assert stats.done == 120 and sorted(Scripted.calls) == sorted(set(Scripted.calls))
    assert _states(app) == {"done": 120}
    with app.store.engine.connect() as conn:
        audited = conn.execute(
            select(func.count())
            .select_from(audit_log)
            .where(audit_log.c.action == "delivery.publish")
        ).scalar_one()
    assert audited == 120


def test_sigterm_finishes_the_delivery_in_hand_and_gives_back_the_rest(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = _app(sqlite_url, tmp_path, 10)
    worker = Worker(app, WorkerSettings("polite", batch=10))
    Scripted.script = lambda n: os.kill(os.getpid(), signal.SIGTERM) if n == 3 else None
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        worker.install_signal_handlers()
        stats = worker.run()  # returns instead of dying: the stop is clean
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
    assert stats.done == 3 and stats.released == 7
    assert _states(app) == {"done": 3, "pending": 7}
    with app.store.engine.connect() as conn:
        rest = conn.execute(
            select(deliveries.c.attempts, deliveries.c.claimed_by).where(
                deliveries.c.state == "pending"
            )
        ).all()
    assert set(rest) == {(0, None)}  # given back as if never claimed


def test_heartbeat_keeps_a_slow_delivery_from_being_taken_over(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = _app(sqlite_url, tmp_path, 1, lease_seconds=1.5)
    inside, leave = threading.Event(), threading.Event()

    def slow(_n: int) -> None:
        inside.set()
        leave.wait(20)

    Scripted.script = slow
    worker = Worker(app, WorkerSettings("slow", once=True))
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        assert inside.wait(20)
        threading.Event().wait(3.0)  # twice the lease
        with app.store.transaction() as conn:
            stolen = claim(conn, "thief", utcnow(), timedelta(seconds=5), 10, {"scripted"})
    finally:
        leave.set()
        thread.join(20)
    assert stolen == []
    assert _states(app) == {"done": 1} and len(Scripted.calls) == 1


def test_a_lost_lease_is_recorded_by_the_worker_that_took_over_only(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = _app(sqlite_url, tmp_path, 1)
    late, thief = app.runner(worker="late"), app.runner(worker="thief")

    def lose_the_lease(n: int) -> None:
        if n == 1:  # while "late" is still calling the channel its lease runs out
            with app.store.transaction() as conn:
                conn.execute(update(deliveries).values(lease_until=utcnow() - timedelta(1)))
            assert thief.run_once().done == 1

    Scripted.script = lose_the_lease
    assert late.run_once().done == 0
    assert len(Scripted.calls) == 2  # at least once: the channel saw it twice
    with app.store.engine.connect() as conn:
        row = conn.execute(select(deliveries)).mappings().one()
        audited = conn.execute(
            select(func.count())
            .select_from(audit_log)
            .where(audit_log.c.action == "delivery.publish")
        ).scalar_one()
    assert (row["state"], row["claimed_by"], audited) == ("done", "thief", 1)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"poll_seconds": 0}, "poll"),
        ({"max_seconds": -1}, "max-seconds"),
        ({"batch": 0}, "batch"),
        ({"name": " "}, "id"),
    ],
)
def test_bad_options_name_the_field(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        WorkerSettings(**{"name": "w", **options})
    assert caught.value.field == field


def test_unknown_channel_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    app = _app(sqlite_url, tmp_path, 1)
    with pytest.raises(InvalidInputError) as caught:
        Worker(app, WorkerSettings("w", channels=("scripted", "fax")))
    assert caught.value.field == "channels" and "fax" in str(caught.value)


def test_command_once_with_json(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    config = tmp_path / "gov-disclosure.toml"
    config.write_text(
        '[organization]\ncredit_code = "11320000MB1234562M"\n[channels]\nenabled = ["website"]\n'
        '[storage]\ndata_dir = "out"\n',
        encoding="utf-8",
    )
    env = {"GOV_DISCLOSURE_DB": str(db), "GOV_DISCLOSURE_CONFIG": str(config)}
    from gov_disclosure.cli.context import Env, open_app

    app = open_app(Env(db=str(db), config_path=config), check_schema=False)
    app.init()
    seed_deliveries(app, seed_items(app, 3, published=True), "website")
    result = CliRunner().invoke(
        worker_cmd, ["--once", "--json", "--id", "cli-1", "--log-level", "warning"], env=env
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report == {"worker": "cli-1", "done": 3, "failed": 0, "dead": 0, "released": 0}
    assert (tmp_path / "out").exists()
