"""What every command gets: where the database and the config are, found the same way.

Order: ``--db`` / ``--config`` options, else ``GOV_DISCLOSURE_DB`` / ``GOV_DISCLOSURE_CONFIG``,
else ``gov-disclosure.db`` / ``gov-disclosure.toml`` in the current folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError

DEFAULT_DB = "gov-disclosure.db"
DEFAULT_CONFIG = "gov-disclosure.toml"


@dataclass
class Env:
    """Resolved locations plus lazily loaded config, calendar and application facade."""

    db: str | None = None
    config_path: Path | None = None
    _config: dict[str, Any] | None = field(default=None, repr=False)
    _app: Any = field(default=None, repr=False)

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

    def app(self) -> Any:
        """The :class:`gov_disclosure.app.App` for this database and config (built once)."""
        if self._app is None:
            from ..app import App

            self._app = App.from_env(self)
        return self._app

    def channel(self, name: str) -> Any:
        """A configured channel by name (for plugin commands such as ``bulletin issue``)."""
        from ..errors import ConfigError as _ConfigError

        channels = self.app().channels
        if name not in channels:
            raise _ConfigError(f"channels.{name}", "channel not installed or not enabled")
        return channels[name]


def get_env(ctx: click.Context | None = None) -> Env:
    """The :class:`Env` of the running command."""
    ctx = ctx or click.get_current_context()
    obj = ctx.find_object(Env)
    if obj is None:
        obj = ctx.ensure_object(Env)
    return obj
