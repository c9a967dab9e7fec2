"""Revision 0002 creates exactly the tables of ``applications.tables``."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import gov_disclosure.applications.tables  # noqa: F401  (puts the tables on the metadata)
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import upgrade
from gov_disclosure.store.tables import metadata

MINE = {"applications", "application_events"}


def _touches_mine(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"Table('{name}'" in text for name in MINE)


def _diffs(url: str, target: str) -> list[object]:
    engine = make_store_engine(url)
    upgrade(engine, target=target)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, metadata)
    engine.dispose()
    return list(diffs)


def test_upgrade_heads_matches_the_metadata(tmp_path: Path) -> None:
    diffs = _diffs(f"sqlite:///{tmp_path / 'heads.db'}", "heads")
    assert [d for d in diffs if _touches_mine(d)] == []


def test_without_0002_the_comparison_sees_the_tables_missing(tmp_path: Path) -> None:
    diffs = _diffs(f"sqlite:///{tmp_path / 'core.db'}", "0001")
    added = {d[1].name for d in diffs if isinstance(d, tuple) and d[0] == "add_table"}
    assert added >= MINE
