"""Pacing, plugin registration, the Alembic migration and the CLI's subscriber commands."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pluggy
import pytest
from click.testing import CliRunner
from gov_disclosure_sms.pacing import Backoff, RateLimiter
from gov_disclosure_sms.tables import metadata
from sqlalchemy import create_engine, inspect

from gov_disclosure.cli.context import Env
from gov_disclosure.hookspecs import PROJECT


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_on_a_simulated_clock() -> None:
    clock = SimulatedClock()
    limiter = RateLimiter(2.0, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        limiter.acquire(1)
    assert clock.now - 100.0 == 2.0  # 5 requests at 2/s: the 5th starts after 2 s
    limiter.acquire(10)  # a batch of 10 messages at 2 messages/s
    assert clock.now - 100.0 == 2.5
    clock.now += 60  # idle time gives no burst credit beyond the next call
    limiter.acquire(1)
    limiter.acquire(1)
    assert clock.slept[-1] == 0.5
    assert RateLimiter(None).acquire(1000) == 0.0


def test_backoff_doubles_up_to_the_cap() -> None:
    backoff = Backoff(base=0.5, cap=3)
    assert [backoff.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3, 3]


def test_hooks_register_channel_commands_and_migrations() -> None:
    import click
    import gov_disclosure_sms

    from gov_disclosure import hookspecs

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(gov_disclosure_sms)
    pm.check_pending()
    channels, folders = [], []
    pm.hook.register_channels(register=channels.append)
    pm.hook.register_migrations(register=folders.append)
    group = click.Group("gov-disclosure")
    pm.hook.register_commands(cli=group)
    assert [c.name for c in channels] == ["sms"]
    assert Path(folders[0]).is_dir() and any(Path(folders[0]).glob("*.py"))
    assert set(group.commands["sms"].commands) >= {
        "subscribe",
        "unsubscribe",
        "import",
        "preview",
        "send",
        "status",
    }


def test_migration_creates_the_same_tables(tmp_path: Path) -> None:
    import gov_disclosure_sms.migrations as sms_migrations
    from alembic import command
    from alembic.config import Config

    core = tmp_path / "core"
    (core / "versions").mkdir(parents=True)
    (core / "env.py").write_text(
        textwrap.dedent("""
        from alembic import context
        from sqlalchemy import create_engine
        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.connect() as conn:
            context.configure(connection=conn)
            with context.begin_transaction():
                context.run_migrations()
    """)
    )
    (core / "script.py.mako").write_text("")
    (core / "versions" / "0001_base.py").write_text(
        textwrap.dedent("""
        revision = "0001"
        down_revision = None
        branch_labels = None
        depends_on = None
        def upgrade(): pass
        def downgrade(): pass
    """)
    )
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(core))
    cfg.set_main_option("version_locations", f"{core / 'versions'} {sms_migrations.VERSIONS}")
    cfg.set_main_option("path_separator", "space")
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "heads")
    migrated = inspect(create_engine(url))
    direct_engine = create_engine(f"sqlite:///{tmp_path / 'direct.db'}")
    metadata.create_all(direct_engine)
    direct = inspect(direct_engine)
    for table in metadata.tables:
        cols = {c["name"]: str(c["type"]) for c in migrated.get_columns(table)}
        assert cols == {c["name"]: str(c["type"]) for c in direct.get_columns(table)}, table
        assert sorted(i["name"] for i in migrated.get_indexes(table)) == sorted(
            i["name"] for i in direct.get_indexes(table)
        )
        assert {u["name"] for u in migrated.get_unique_constraints(table)} == {
            u["name"] for u in direct.get_unique_constraints(table)
        }
    command.downgrade(cfg, "sms@base")
    assert not set(metadata.tables) & set(inspect(create_engine(url)).get_table_names())


def test_cli_subscribe_import_status(tmp_path: Path) -> None:
    from gov_disclosure_sms.cli import sms_group

    db = tmp_path / "cli.db"
    metadata.create_all(create_engine(f"sqlite:///{db}"))
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(sms_group, list(args), obj=Env(db=str(db)))

    done = run("subscribe", "13812345678", "--topic", "农业农村", "--consent-by", "王某")
    assert done.exit_code == 0, done.output
    assert "138****5678" in done.output and "13812345678" not in done.output
    assert run("subscribe", "1381234", "--consent-by", "王某").exit_code == 1
    csv = tmp_path / "subs.csv"
    csv.write_text("number,consent_by\n13800000001,李某\nabc,李某\n", encoding="utf-8")
    refused = run("import", str(csv))
    assert refused.exit_code == 1 and "line 3" in refused.output
    skipped = run("import", str(csv), "--skip-invalid")
    assert skipped.exit_code == 0 and "新增 1" in skipped.output
    reply = run("reply", "13800000001", "退订")
    assert "已退订" in reply.output and "138****0001" in reply.output
    assert "原本未订阅" in run("unsubscribe", "13800000001").output
    assert "no SMS sent" in run("status", "000014349/2025-00042").output


def test_cli_status_lists_counts(tmp_path: Path, make_channel, engine) -> None:
    from gov_disclosure_sms.cli import status_lines
    from sms_testlib import make_edition, numbers, subscribe_all

    subscribe_all(engine, numbers(3))
    make_channel().publish(make_edition())
    lines = status_lines(engine, "000014349/2025-00042")
    assert lines == ["000014349/2025-00042@1/publish (outbox, 2 part(s)/message): accepted=3"]


def test_cli_status_counts_a_dead_runs_journal_as_sending(
    tmp_path: Path, make_channel, engine, httpserver
) -> None:
    """A run killed with batch 2 out: batch 1's answers and batch 2 are still only in the
    journal (the next run writes them per recipient), and the status says so."""
    from gov_disclosure_sms.cli import status_lines
    from gov_disclosure_sms.transports import HttpJsonSettings, HttpJsonTransport
    from sms_testlib import FakeGateway, make_edition, numbers, subscribe_all
    from test_sms_idempotency import CrashingTransport, ProcessKilled

    httpserver.expect_request("/sms", method="POST").respond_with_handler(FakeGateway())
    subscribe_all(engine, numbers(8))
    http = HttpJsonSettings(url=httpserver.url_for("/sms"), batch_size=5)
    crashing = CrashingTransport(HttpJsonTransport(http), crash_at=2, after_send=False)
    with pytest.raises(ProcessKilled):
        make_channel(transport_obj=crashing, batch_size=5).publish(make_edition())
    assert status_lines(engine, "000014349/2025-00042") == [
        "000014349/2025-00042@1/publish (http_json, 2 part(s)/message): sending=8"
    ]
