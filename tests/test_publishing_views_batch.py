"""A delivery batch reads its edition views in a few queries: the same views as one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_disclosure.app import App
from gov_disclosure.channels import ChannelContext
from gov_disclosure.publishing.views import CatalogueCache, edition_view, edition_views
from testsupport.core import draft, publish_through_review


def test_batch_views_equal_the_views_read_one_by_one(any_app: App) -> None:
    app = any_app  # SQLite and PostgreSQL
    policy = app.create_item(
        draft(title="示例镇农村人居环境整治实施方案", kind="政策文件"), "clerk"
    )
    reading = app.create_item(
        draft(title="政策解读", kind="政策解读", interprets=policy.index_no), "clerk"
    )
    plain = app.create_item(draft(title="示例镇2026年部门预算"), "clerk")
    for item in (policy, reading, plain):
        publish_through_review(app, item.id)
    app.revise(plain.id, draft(title="示例镇2026年部门预算（更正）"), "clerk")
    wanted = [(policy.id, 1), (reading.id, 1), (plain.id, 1), (plain.id, 2)]
    missing = [(plain.id, 9), (999_999, 1)]
    with app.store.engine.connect() as conn:
        batch = edition_views(conn, [*wanted, *missing], app.blobs)
        alone = {k: edition_view(conn, k[0], k[1], app.blobs) for k in wanted}
    assert batch == alone
    assert batch[(policy.id, 1)].interpreted_by == (reading.index_no,)
    assert batch[(plain.id, 2)].title == "示例镇2026年部门预算（更正）"
    with app.store.engine.connect() as conn:
        assert edition_views(conn, [], app.blobs) == {}


def test_catalogue_batches_stream_the_catalogue_in_order(any_app: App) -> None:
    """``batches(size)`` gives the catalogue's editions, in its order, ``size`` at a time:
    read from the store while the cache is stale (nothing kept), from the cache when current."""
    app = any_app
    policy = app.create_item(draft(title="示例镇养老服务补贴办法", kind="政策文件"), "clerk")
    reading = app.create_item(
        draft(title="政策解读", kind="政策解读", interprets=policy.index_no), "clerk"
    )
    items = [policy, reading] + [
        app.create_item(draft(title=f"示例镇第{n}号通知"), "clerk") for n in range(5)
    ]
    for item in items:
        publish_through_review(app, item.id)
    app.revise(items[3].id, draft(title="示例镇第1号通知（更正）"), "clerk")
    publish_through_review(app, items[3].id)
    app.withdraw(items[4].id, "deputy", "撤回")
    stale = CatalogueCache(app.store.engine, app.blobs)
    for size in (1, 3, 100):
        batches = [list(b) for b in stale.batches(size)]
        assert all(0 < len(b) <= size for b in batches)
        assert [e for b in batches for e in b] == CatalogueCache(app.store.engine, app.blobs)()
        assert stale._views == []  # a stream keeps nothing
    current = CatalogueCache(app.store.engine, app.blobs)
    whole = current()
    assert len(whole) == 6 and items[4].id not in {e.item_id for e in whole}
    assert next(e for e in whole if e.item_id == items[3].id).edition == 2
    streamed = [e for b in current.batches(4) for e in b]
    assert all(a is b for a, b in zip(streamed, whole, strict=True))  # the cached views
    assert CatalogueCache(app.store.engine, app.blobs)() == whole
    with pytest.raises(ValueError, match="batch size"):
        next(iter(ChannelContext(data_dir=Path("."), catalogue=current).catalogue_batches(0)))
