"""Migrations: from an empty database and from every earlier schema version to the newest,
on SQLite and PostgreSQL; the result matches the code's tables exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from gov_disclosure.plugins import make_plugin_manager, migration_dirs
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import alembic_config, current_heads, pending, upgrade
from gov_disclosure.store.tables import metadata


def _dirs() -> tuple[str, ...]:
    return migration_dirs(make_plugin_manager())


def _core_tables_differences(engine) -> list[object]:  # type: ignore[no-untyped-def]
    import gov_disclosure.applications.tables
    import gov_disclosure.supervision.tables  # noqa: F401

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    return [d for d in diff if _table_of(d) in metadata.tables]


def _table_of(diff: object) -> str | None:
    """The table a compare_metadata entry is about (plugins' own tables are not ours)."""
    entry = diff[0] if isinstance(diff, list) else diff
    for part in entry[1:]:  # type: ignore[index]
        table = getattr(part, "table", None)
        if table is not None:
            return table.name
        if getattr(part, "name", None) in metadata.tables and hasattr(part, "columns"):
            return part.name
        if isinstance(part, str) and part in metadata.tables:
            return part
    return None


def _revisions() -> list[str]:
    engine = make_store_engine("sqlite://")
    script = ScriptDirectory.from_config(alembic_config(engine, _dirs()))
    return [r.revision for r in script.walk_revisions()]


def test_empty_database_to_heads_matches_the_code(db_url):
    engine = make_store_engine(db_url)
    assert pending(engine, _dirs())
    upgrade(engine, _dirs())
    assert not pending(engine, _dirs())
    assert _core_tables_differences(engine) == []


@pytest.mark.parametrize("revision", _revisions())
def test_from_each_earlier_version(revision, db_url):
    engine = make_store_engine(db_url)
    upgrade(engine, _dirs(), target=revision)
    assert revision in current_heads(engine) or pending(engine, _dirs())
    upgrade(engine, _dirs())
    assert not pending(engine, _dirs())
    assert _core_tables_differences(engine) == []
