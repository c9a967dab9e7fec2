"""The whole path: draft → review → publish → deliveries → revise → withdraw."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.models import ItemState
from gov_disclosure.store.tables import deliveries
from testsupport.core import RecordingChannel, draft, publish_through_review


@pytest.fixture
def app(any_app):  # type: ignore[no-untyped-def]
    """The publishing path is checked on SQLite and on PostgreSQL."""
    return any_app


def test_publish_delivers_once_and_audits(app):
    item = app.create_item(draft(), "clerk")
    assert item.index_no == "11320000MB1234562M/2026-00001"
    publish_through_review(app, item.id)
    assert app.item(item.id).state is ItemState.PUBLISHED
    result = app.run()
    assert result["delivered"] == 1
    assert RecordingChannel.calls == [("publish", item.id, 1)]
    assert app.run()["delivered"] == 0  # nothing twice
    with app.store.engine.connect() as conn:
        assert audit.verify(conn).ok


def test_revision_updates_and_withdrawal_reaches_channel(app):
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    app.run()
    app.revise(item.id, draft(title="示例镇2026年部门预算（更正）"), "clerk")
    assert app.published_edition(item.id).title == "示例镇2026年部门预算"  # old stays live
    publish_through_review(app, item.id)
    app.run()
    app.withdraw(item.id, "deputy", "数据有误")
    app.run()
    assert [c[0] for c in RecordingChannel.calls] == ["publish", "update", "withdraw"]


def test_failed_delivery_is_retried_later(app, clock):
    from datetime import timedelta

    RecordingChannel.failures_left = 1
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.id)
    first = app.run()
    assert first["failed"] == 1 and RecordingChannel.calls == []
    clock.at += timedelta(seconds=5)
    assert app.run()["delivered"] == 1
    with app.store.engine.connect() as conn:
        row = conn.execute(select(deliveries)).mappings().one()
    assert row["attempts"] == 2 and row["state"] == "done"


def test_catalogue_cache_rebuilds_only_changed_items(app):
    from gov_disclosure.publishing.views import CatalogueCache

    ids = []
    for n in range(3):
        item = app.create_item(draft(title=f"通知{n}"), "clerk")
        publish_through_review(app, item.id)
        ids.append(item.id)
    cache = CatalogueCache(app.store.engine, app.blobs)
    first = {v.item_id: v for v in cache()}
    assert cache() is cache()  # nothing moved: the same list
    app.revise(ids[1], draft(title="通知1（修订）"), "clerk")
    publish_through_review(app, ids[1])
    second = {v.item_id: v for v in cache()}
    assert second[ids[1]].title == "通知1（修订）" and second[ids[1]].edition == 2
    assert second[ids[0]] is first[ids[0]] and second[ids[2]] is first[ids[2]]
    app.withdraw(ids[0], "deputy", "撤回")
    assert set(v.item_id for v in cache()) == {ids[1], ids[2]}
