"""The catalogue query's cached fast path answers exactly what the plain statement does."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from gov_disclosure.items.queries import CatalogueRow, catalogue
from gov_disclosure.store.tables import items
from testsupport.core import draft, publish_through_review

TOPICS = ("财政、金融、审计", "民政、扶贫、救灾")
UNITS = ("财政所", "民政办")


def _reference(conn, **filters):  # type: ignore[no-untyped-def]
    """The catalogue as one plain SQLAlchemy statement, evaluated by the database."""
    columns = {
        "org_id": items.c.org_id, "topic": items.c.topic, "column": items.c.column_name,
        "year": items.c.year, "state": items.c.state, "unit": items.c.responsible_unit,
    }  # fmt: skip
    q = select(
        items.c.id, items.c.index_no, items.c.title, items.c.topic, items.c.column_name,
        items.c.state, items.c.written_on, items.c.published_on, items.c.doc_number,
        items.c.responsible_unit,
    )  # fmt: skip
    for name, value in filters.items():
        if name in columns and value is not None:
            q = q.where(columns[name] == value)
    q = q.order_by(items.c.published_on.desc().nulls_last(), items.c.id.desc())  # drafts last
    q = q.limit(filters.get("limit", 20)).offset(filters.get("offset", 0))
    return [CatalogueRow(*r) for r in conn.execute(q)]


def test_every_filter_combination_matches_the_plain_statement(any_app):
    app = any_app
    for k in range(12):
        item = app.create_item(
            draft(
                title=f"第{k}号通知",
                topic=TOPICS[k % 2],
                responsible_unit=UNITS[k % 3 % 2],
                written_on=date(2024 + k % 2, 1 + k % 12, 1 + k),
                doc_number=f"示政发〔2025〕{k}号" if k % 4 else None,
            ),
            "clerk",
        )
        if k % 3:
            publish_through_review(app, item.id)
    values = {
        "org_id": (None, 1, 2),
        "topic": (None, TOPICS[0]),
        "year": (None, 2024, 2025),
        "state": (None, "published", "draft"),
        "unit": (None, UNITS[1]),
    }
    with app.store.engine.connect() as conn:
        for combo in itertools.product(*values.values()):
            filters = dict(zip(values, combo, strict=True))
            for limit, offset in ((20, 0), (3, 2)):
                got = catalogue(conn, **filters, limit=limit, offset=offset)
                assert got == _reference(conn, **filters, limit=limit, offset=offset)
        rows = catalogue(conn)
    assert len(rows) == 12
    assert all(isinstance(r.written_on, date) for r in rows)
    published = [r for r in rows if r.state == "published"]
    assert len(published) == 8 and all(isinstance(r.published_on, date) for r in published)
    assert {r.published_on for r in rows if r.state != "published"} == {None}
    assert {r.doc_number for r in rows} >= {None, "示政发〔2025〕1号"}


def test_the_fast_path_reads_inside_a_write_transaction(app):
    """A catalogue read in the middle of a unit of work sees that work's own rows."""
    with app.store.transaction() as conn:
        before = catalogue(conn)
        conn.execute(select(items.c.id))  # the transaction is under way
    app.create_item(draft(title="事务内可见"), "clerk")
    with app.store.transaction() as conn:
        assert [r.title for r in catalogue(conn)] == ["事务内可见", *[r.title for r in before]]
