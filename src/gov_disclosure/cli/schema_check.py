"""Is the database's schema current? Answered without Alembic or the plugins when it can be.

The full check (:meth:`gov_disclosure.kernel.Kernel.check_schema`) imports Alembic and every
plugin (their revision folders). After it passes, the revisions the database is at are kept in
the cache folder (:func:`.plugin_index.cache_dir`) with a stamp of the code's revision folders
and installed packages; a later command whose database is at those same revisions, with the
same code, skips the full check. Anything different (another revision, an upgraded plugin, a
new revision file) runs the full check again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import cache_dir, path_stamp, write_json

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..app import App

_FILE = "schema-checked.json"


def _revisions(engine: Engine) -> list[str] | None:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            return sorted(str(r) for r in rows)
    except SQLAlchemyError:
        return None


def _folders_stamp(folders: list[str]) -> list[list[Any]]:
    """(folder, [[revision file, mtime], …]) of each revision folder."""
    stamps: list[list[Any]] = []
    for folder in folders:
        files = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        files.append([entry.name, entry.stat().st_mtime_ns])
        except OSError:
            pass
        stamps.append([folder, sorted(files)])
    return stamps


def _core_folders() -> list[str]:
    from importlib.util import find_spec

    spec = find_spec("gov_disclosure")
    roots = list(spec.submodule_search_locations or []) if spec else []
    return [str(Path(r) / "store" / "migrations" / "versions") for r in roots]


def _read() -> dict[str, Any]:
    try:
        data = json.loads((cache_dir() / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered(engine: Engine, url: str, config: str | None = None) -> bool:
    """Did the database at ``url`` pass the full check at its present revisions, with this
    code (and, when ``config`` is given, with the config of that fingerprint)?"""
    revisions = _revisions(engine)
    known = _read().get(url)
    return bool(
        revisions
        and isinstance(known, dict)
        and known.get("revisions") == revisions
        and (config is None or known.get("config") == config)
        and known.get("path") == path_stamp()
        and known.get("folders") == _folders_stamp(known.get("folder_names", []))
    )


def check_schema(app: App, url: str, config: str = "") -> None:
    """Raise (as the full check does) when the database is missing or behind the code;
    ``config`` is the fingerprint of the config the App was built with, remembered with it."""
    if remembered(app.kernel.store.engine, url):
        _remember_config(url, config)
        return
    app.kernel.check_schema()
    folders = [*_core_folders(), *app.kernel.store.migration_dirs]
    data = _read()
    data[url] = {
        "revisions": _revisions(app.kernel.store.engine),
        "config": config,
        "path": path_stamp(),
        "folder_names": folders,
        "folders": _folders_stamp(folders),
    }
    write_json(_FILE, data)


def _remember_config(url: str, config: str) -> None:
    """Record that the App was built with this config (its checks passed)."""
    data = _read()
    known = data.get(url)
    if isinstance(known, dict) and known.get("config") != config:
        data[url] = {**known, "config": config}
        write_json(_FILE, data)
