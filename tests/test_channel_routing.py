"""The runner, not approval, decides which channels take an item.

A channel that cannot be built (here: SMS through Aliyun with no ``[channels.sms.aliyun]``
credentials yet) never blocks an approval: its delivery fails with the reason, visible in the
outbox (``gov-disclosure deliveries``), is never given up, and is worked once the channel is
fixed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import gov_disclosure_sms
from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.models import ItemState
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.tables import audit_log, deliveries
from testsupport.core import (
    CREDIT,
    REVIEW_ACTORS,
    FixedClock,
    RecorderPlugin,
    RecordingChannel,
    draft,
    publish_through_review,
)


def office(tmp_path: Path, clock: FixedClock, sms: dict[str, object]) -> App:
    cfg = load_config(
        {
            "organization": {"name": "示例镇人民政府", "credit_code": CREDIT},
            "actors": REVIEW_ACTORS,
            "channels": {"sms": sms},
            "publishing": {"backoff_seconds": 1, "backoff_max_seconds": 2, "max_attempts": 2},
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), gov_disclosure_sms])
    app = App(f"sqlite:///{tmp_path / 'office.db'}", cfg, pm=pm, clock=clock)
    app.init()
    return app


def rows(app: App) -> dict[str, dict[str, object]]:
    with app.store.engine.connect() as conn:
        found = conn.execute(select(deliveries).order_by(deliveries.c.id)).mappings().all()
    return {r["channel"]: dict(r) for r in found}


def test_a_channel_that_cannot_be_built_never_blocks_an_approval(tmp_path, clock):
    RecordingChannel.calls = []
    app = office(tmp_path, clock, {"transport": "aliyun"})  # no credentials yet
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    assert app.item(item.id).state is ItemState.PUBLISHED

    result = app.run()
    assert result["delivered"] == 1 and RecordingChannel.calls == [("publish", item.id, 1)]
    sms = rows(app)["sms"]
    assert sms["state"] == "failed" and sms["action"] == "publish"
    assert "cannot be built" in str(sms["last_error"])
    assert "channels.sms.aliyun" in str(sms["last_error"])  # the key to fix

    for _ in range(3):  # more runs than max_attempts: it waits for the fix, never given up
        clock.at += timedelta(seconds=10)
        app.run()
    assert rows(app)["sms"]["state"] == "failed"

    fixed = office(tmp_path, clock, {"transport": "outbox"})  # the office fixes the config
    clock.at += timedelta(seconds=10)
    fixed.run()
    sms = rows(fixed)["sms"]
    # built at last, the channel is asked whether it takes the item (no subscriber: it does not)
    assert sms["state"] == "skipped" and sms["last_error"] is None
    with fixed.store.engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log.c.action))]
        assert audit.verify(conn).ok
    assert "delivery.route" in actions and "delivery.skipped" in actions


def test_approval_builds_no_channel(tmp_path, clock):
    app = office(tmp_path, clock, {"transport": "aliyun"})
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    # nothing was decided at approval: one routing row, worked by the runner
    assert [(r["channel"], r["action"]) for r in rows(app).values()] == [("*", "route")]


def test_a_withdrawal_before_the_run_cancels_the_routing(tmp_path, clock):
    RecordingChannel.calls = []
    app = office(tmp_path, clock, {})
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    app.withdraw(item.id, "deputy", "发布有误")
    app.run()
    assert RecordingChannel.calls == []
    assert [r["state"] for r in rows(app).values()] == ["cancelled"]
