"""Revision letternum_0001 (branch ``letternum``) adds ``letter_numbers`` on top of 0002,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import gov_disclosure.applications.tables  # noqa: F401  (puts the table on the metadata)
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import upgrade
from gov_disclosure.store.tables import metadata


def _touches_table(diff: object) -> bool:
    return "'letter_numbers'" in repr(diff)


def test_upgrade_from_0002_creates_the_table_as_declared(db_url: str) -> None:
    engine = make_store_engine(db_url)
    upgrade(engine, target="0002")
    assert "letter_numbers" not in sa.inspect(engine).get_table_names()
    upgrade(engine, target="letternum@head")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert [d for d in compare_metadata(ctx, metadata) if _touches_table(d)] == []
    engine.dispose()
