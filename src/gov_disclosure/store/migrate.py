"""Alembic, driven from code: the core's revisions plus each plugin's folder of revisions."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine, extra_dirs: tuple[str, ...] = ()) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    locations = [str(MIGRATIONS / "versions"), *extra_dirs]
    cfg.set_main_option("version_locations", " ".join(locations))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, extra_dirs: tuple[str, ...] = (), target: str = "heads") -> None:
    """Upgrade to ``target`` (every head: core and plugin branches)."""
    command.upgrade(alembic_config(engine, extra_dirs), target)


def current_heads(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def pending(engine: Engine, extra_dirs: tuple[str, ...] = ()) -> bool:
    """True when the database is behind the code."""
    script = ScriptDirectory.from_config(alembic_config(engine, extra_dirs))
    return current_heads(engine) != set(script.get_heads())
