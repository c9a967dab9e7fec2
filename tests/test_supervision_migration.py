"""Revision 0003 (branch ``supervision``) creates exactly the tables of
``supervision.tables``."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import gov_disclosure.supervision.tables  # noqa: F401  (puts the tables on the metadata)
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import alembic_config, upgrade
from gov_disclosure.store.tables import metadata

MINE = {"reminders_sent", "complaints"}


def _diffs(url: str, target: str) -> list[object]:
    engine = make_store_engine(url)
    upgrade(engine, target=target)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = list(compare_metadata(ctx, metadata))
    engine.dispose()
    return diffs


def _touches_mine(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"Table('{name}'" in text for name in MINE)


def test_upgrade_heads_matches_the_metadata(tmp_path: Path) -> None:
    assert [
        d for d in _diffs(f"sqlite:///{tmp_path / 'heads.db'}", "heads") if _touches_mine(d)
    ] == []


def test_without_0003_the_comparison_sees_the_tables_missing(tmp_path: Path) -> None:
    diffs = _diffs(f"sqlite:///{tmp_path / 'core.db'}", "0001")
    added = {d[1].name for d in diffs if isinstance(d, tuple) and d[0] == "add_table"}
    assert added >= MINE


def test_the_revision_is_its_own_branch_off_the_core_base(tmp_path: Path) -> None:
    engine = make_store_engine(f"sqlite:///{tmp_path / 'x.db'}")
    script = ScriptDirectory.from_config(alembic_config(engine))
    head = script.get_revision("supervision@head")
    assert (head.revision, head.down_revision) == ("supervision_0002", "0003")  # receipts
    rev = script.get_revision("0003")
    assert (rev.revision, rev.down_revision) == ("0003", "0001")
    assert "supervision" in rev.branch_labels
    engine.dispose()
