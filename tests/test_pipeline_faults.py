"""Failing, hanging and garbage-returning channels never block the others; scheduled
publishing; notice expiry; two `run`s at once never deliver twice."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta

from sqlalchemy import select

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.config import load_config
from gov_disclosure.models import ItemState
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


class Raising(Channel):
    name = "raising"
    Settings = NoSettings

    def publish(self, edition: PublishedEdition) -> Receipt:
        raise RuntimeError("gateway exploded")

    def withdraw(self, edition, reason, previous):  # type: ignore[no-untyped-def]
        raise RuntimeError("gateway exploded")


class Hanging(Raising):
    name = "hanging"

    def publish(self, edition: PublishedEdition) -> Receipt:
        time.sleep(30)
        raise AssertionError("unreachable")


class Garbage(Raising):
    name = "garbage"

    def publish(self, edition: PublishedEdition) -> Receipt:
        return "ok"  # type: ignore[return-value]


class Bad:
    @hookimpl
    def register_channels(self, register):  # type: ignore[no-untyped-def]
        for cls in (Raising, Hanging, Garbage):
            register(cls)


def _app(tmp_path, clock, plugins) -> App:
    cfg = load_config(
        {
            "organization": {"credit_code": CREDIT},
            "actors": REVIEW_ACTORS,
            "publishing": {"timeout_seconds": 0.5, "backoff_seconds": 60},
        },
        tmp_path,
    )
    app = App(
        f"sqlite:///{tmp_path / 'f.db'}",
        cfg,
        pm=make_plugin_manager(load_installed=False, plugins=plugins),
        clock=clock,
    )
    app.init()
    return app


def _publish(app: App, **over) -> int:  # type: ignore[no-untyped-def]
    item = app.create_item(draft(**over), "clerk")
    app.submit(item.id, "clerk")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    return item.id


def test_bad_channels_are_recorded_and_the_good_one_delivers(tmp_path):
    RecordingChannel.calls = []
    RecordingChannel.failures_left = 0
    clock = FixedClock(datetime(2026, 3, 5, 9, tzinfo=CHINA_TZ))
    app = _app(tmp_path, clock, [RecorderPlugin(), Bad()])
    item_id = _publish(app)
    result = app.run()
    assert RecordingChannel.calls == [("publish", item_id, 1)]
    assert result["delivered"] == 1 and result["failed"] == 3
    with app.store.engine.connect() as conn:
        errors = {
            r.channel: r.last_error
            for r in conn.execute(
                select(deliveries.c.channel, deliveries.c.last_error).where(
                    deliveries.c.state == "failed"
                )
            )
        }
    assert "gateway exploded" in errors["raising"]
    assert "TimeoutError" in errors["hanging"]
    assert "not a Receipt" in errors["garbage"]


def test_scheduled_item_waits_for_publish_at(app, clock):
    at = clock.at + timedelta(days=2)
    item_id = _publish(app, publish_at=at)
    assert app.item(item_id).state is ItemState.APPROVED
    assert app.run()["published"] == 0
    clock.at = at + timedelta(minutes=1)
    assert app.run()["published"] == 1
    assert app.item(item_id).state is ItemState.PUBLISHED
    assert RecordingChannel.calls == [("publish", item_id, 1)]


def test_notice_period_end_expires_item(app, clock):
    item_id = _publish(app, notice_period={"days": 7})
    app.run()
    assert str(app.item(item_id).notice_ends_on) == "2026-03-12"  # 3-5 + 7 days
    clock.at += timedelta(days=7)
    assert app.run()["expired"] == 0  # the last day of the notice is 3-12
    clock.at += timedelta(days=1)
    result = app.run()
    assert result["expired"] == 1
    assert app.item(item_id).state is ItemState.EXPIRED
    assert RecordingChannel.calls[-1][0] == "update"  # website-like channels mark it


def test_two_runs_at_once_never_deliver_twice(tmp_path):
    """Two `gov-disclosure run` processes on one SQLite file: each delivery done once."""
    RecordingChannel.calls = []
    clock = FixedClock(datetime(2026, 3, 5, 9, tzinfo=CHINA_TZ))
    cfg_path = tmp_path / "gov-disclosure.toml"
    out = tmp_path / "out"
    cfg_path.write_text(
        f'[organization]\ncredit_code = "{CREDIT}"\n[storage]\ndata_dir = "out"\n'
        '[channels]\nenabled = ["website"]\n'
        f'[[actors]]\nid = "clerk"\nname = "王"\nunit = "办"\nroles = ["经办人"]\n'
        f'[[actors]]\nid = "chief"\nname = "李"\nunit = "办"\nroles = ["科室审核"]\n'
        f'[[actors]]\nid = "deputy"\nname = "赵"\nunit = "府"\nroles = ["分管领导把关"]\n',
        encoding="utf-8",
    )
    import tomllib

    cfg = load_config(tomllib.loads(cfg_path.read_text(encoding="utf-8")), tmp_path)
    app = App(f"sqlite:///{tmp_path / 'gov-disclosure.db'}", cfg, clock=clock)
    app.init()
    ids = [_publish(app, title=f"通知第{i}号") for i in range(40)]
    env = {
        "GOV_DISCLOSURE_DB": str(tmp_path / "gov-disclosure.db"),
        "GOV_DISCLOSURE_CONFIG": str(cfg_path),
        "PATH": "/usr/bin:/bin",
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gov_disclosure.cli", "run", "--json"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    import json

    delivered = sum(json.loads(o[0].strip().splitlines()[-1])["delivered"] for o in outs)
    assert delivered == len(ids)
    with app.store.engine.connect() as conn:
        states = [r.state for r in conn.execute(select(deliveries.c.state))]
    assert states.count("done") == len(ids) and len(states) == len(ids)
    assert out.exists()


class Refusing(Raising):
    name = "refusing"

    def publish(self, edition: PublishedEdition) -> Receipt:
        from gov_disclosure.errors import ChannelError

        raise ChannelError(self.name, "gateway refused the login", retryable=False)


class RefusingPlugin:
    @hookimpl
    def register_channels(self, register):  # type: ignore[no-untyped-def]
        register(Refusing)


def test_non_retryable_channel_error_is_given_up_at_once(tmp_path):
    clock = FixedClock(datetime(2026, 3, 5, 9, tzinfo=CHINA_TZ))
    app = _app(tmp_path, clock, [RefusingPlugin()])
    _publish(app)
    result = app.run()
    assert result["dead"] == 1 and result["failed"] == 0
    with app.store.engine.connect() as conn:
        row = conn.execute(select(deliveries)).mappings().one()
    assert row["state"] == "dead" and row["attempts"] == 1 and "refused" in row["last_error"]
