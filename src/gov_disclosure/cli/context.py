"""What every command gets: where the database and the config are, found the same way.

Order: ``--db`` / ``--config`` options, else ``GOV_DISCLOSURE_DB`` / ``GOV_DISCLOSURE_CONFIG``,
else ``gov-disclosure.db`` / ``gov-disclosure.toml`` in the current folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..app import App

DEFAULT_DB = "gov-disclosure.db"
DEFAULT_CONFIG = "gov-disclosure.toml"


@dataclass
class Env:
    """Resolved locations plus lazily loaded config, calendar and application facade."""

    db: str | None = None
    config_path: Path | None = None
    _config: dict[str, Any] | None = field(default=None, repr=False)
    _app: App | None = field(default=None, repr=False)

    @property
    def db_url(self) -> str:
        db = self.db or os.environ.get("GOV_DISCLOSURE_DB") or DEFAULT_DB
        return db if "://" in db else f"sqlite:///{Path(db).resolve()}"

    @property
    def config_file(self) -> Path:
        if self.config_path:
            return self.config_path
        env = os.environ.get("GOV_DISCLOSURE_CONFIG")
        return Path(env) if env else Path(DEFAULT_CONFIG)

    @property
    def config(self) -> dict[str, Any]:
        """The TOML config as a dict ({} when the default file does not exist)."""
        if self._config is None:
            path = self.config_file
            if not path.exists():
                if self.config_path or os.environ.get("GOV_DISCLOSURE_CONFIG"):
                    raise ConfigError(str(path), "config file not found")
                self._config = {}
            else:
                try:
                    self._config = tomllib.loads(path.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                    raise ConfigError(str(path), f"not valid TOML: {exc}") from None
        return self._config

    def app(self) -> App:
        """The :class:`gov_disclosure.app.App` for this database and config (built once)."""
        if self._app is None:
            self._app = open_app(self)
        return self._app

    def channel(self, name: str) -> Any:
        """A configured channel by name (for plugin commands such as ``bulletin issue``)."""
        from ..errors import ConfigError as _ConfigError

        channels = self.app().channels
        if name not in channels:
            raise _ConfigError(f"channels.{name}", "channel not installed or not enabled")
        return channels[name]


def open_app(env: Env, *, check_schema: bool = True) -> App:
    """The App of a CLI command; a database that is missing or behind the code is an error
    telling the user to run ``gov-disclosure init``."""
    from ..app import App
    from ..config import load_config

    check_sqlite_file(env.db_url)
    cfg = load_config(env.config, env.config_file.resolve().parent)
    app = App(env.db_url, cfg)
    if check_schema:
        from .schema_check import check_schema as check_current

        check_current(app, env.db_url, config_key(env))
    return app


def config_key(env: Env) -> str:
    """A fingerprint of what the config's checks read: the parsed file and its folder."""
    text = json.dumps(env.config, sort_keys=True, ensure_ascii=False, default=str)
    folder = env.config_file.resolve().parent
    return hashlib.sha256(f"{folder}\n{text}".encode()).hexdigest()


def open_reader(env: Env) -> Engine:
    """The database engine of a command that only reads (``item list``).

    When this database, at the same schema revisions, with the same code and the same config,
    passed every check of :func:`open_app` before, the engine is returned without building the
    App (no plugins, no pydantic models); otherwise :func:`open_app` runs its checks (and
    remembers them)."""
    from ..store.engine import make_store_engine
    from .schema_check import remembered

    check_sqlite_file(env.db_url)
    key = config_key(env)
    engine = make_store_engine(env.db_url)
    if remembered(engine, env.db_url, key):
        return engine
    engine.dispose()
    return open_app(env).store.engine


def check_sqlite_file(url: str) -> None:
    """A SQLite path that is a folder, not a SQLite file, or in a missing folder is a
    :class:`DatabaseError` naming it (never a SQLAlchemy traceback)."""
    from ..errors import DatabaseError
    from ..i18n import N_

    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        return
    path = Path(url.removeprefix("sqlite:///").split("?")[0])
    if path.is_dir():
        raise DatabaseError(str(path), N_("is a folder, not a database file"))
    if not path.parent.is_dir():
        raise DatabaseError(str(path), N_("its folder does not exist"))
    if path.is_file() and path.stat().st_size > 0:
        try:
            with path.open("rb") as f:
                header = f.read(16)
        except OSError as exc:
            raise DatabaseError(str(path), N_("cannot be read"), exc.strerror or "") from None
        if header != b"SQLite format 3\x00":
            raise DatabaseError(str(path), N_("is not a SQLite database file"))


def get_env(ctx: click.Context | None = None) -> Env:
    """The :class:`Env` of the running command."""
    ctx = ctx or click.get_current_context()
    obj = ctx.find_object(Env)
    if obj is None:
        obj = ctx.ensure_object(Env)
    return obj
