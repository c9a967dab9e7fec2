"""Alembic, driven from code: the core's revisions plus each plugin's folder of revisions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(
    engine: Engine, extra_dirs: tuple[str, ...] = (), attributes: Mapping[str, Any] | None = None
) -> Config:
    """``attributes`` reach the revisions (``default_body``: the configured body that records
    of an older database are assigned to, revision ``bodies_0001``)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    locations = [str(MIGRATIONS / "versions"), *extra_dirs]
    cfg.set_main_option("version_locations", " ".join(locations))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes.update(attributes or {})
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(
    engine: Engine,
    extra_dirs: tuple[str, ...] = (),
    target: str = "heads",
    attributes: Mapping[str, Any] | None = None,
) -> None:
    """Upgrade to ``target`` (every head: core and plugin branches)."""
    command.upgrade(alembic_config(engine, extra_dirs, attributes), target)


def current_heads(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def pending(engine: Engine, extra_dirs: tuple[str, ...] = ()) -> bool:
    """True when the database is behind the code."""
    script = ScriptDirectory.from_config(alembic_config(engine, extra_dirs))
    current = current_heads(engine)
    if not current:
        return True
    # a revision that depends on another branch's head (bodies_0001 on supervision_0002)
    # takes that head's place in the version table: count what the current heads cover
    applied = {
        r.revision
        for r in script.revision_map.iterate_revisions(
            tuple(current), "base", inclusive=True, assert_relative_length=False
        )
        if r is not None
    }
    return any(r.revision not in applied for r in script.walk_revisions())
