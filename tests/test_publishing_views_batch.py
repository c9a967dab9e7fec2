"""A delivery batch reads its edition views in a few queries: the same views as one by one."""

from __future__ import annotations

from gov_disclosure.app import App
from gov_disclosure.publishing.views import edition_view, edition_views
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
