"""The store: one SQLAlchemy engine over SQLite (a file, the default) or PostgreSQL (a URL).

``Store.transaction()`` is the unit of work: every user action is one transaction, so an
error leaves nothing half-written. On SQLite the transaction takes the write lock up front
(``BEGIN IMMEDIATE``) so that read-then-write steps never interleave between processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..files import create_private

SQLITE_BUSY_TIMEOUT_MS = 30_000


def utcnow() -> datetime:
    return datetime.now(UTC)


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key a single-row INSERT created."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_store_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://…``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            create_private(Path(parsed.database))
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg"))
    return create_engine(url, pool_pre_ping=True)


class Store:
    """Owns the engine; hands out transactions; runs migrations."""

    def __init__(
        self,
        url: str,
        *,
        migration_dirs: tuple[str, ...] | Callable[[], tuple[str, ...]] = (),
    ) -> None:
        self.url = url
        self.engine = make_store_engine(url)
        self._migration_dirs = migration_dirs

    @property
    def migration_dirs(self) -> tuple[str, ...]:
        """The plugins' revision folders (a callable given is asked once, when first needed)."""
        if callable(self._migration_dirs):
            self._migration_dirs = tuple(self._migration_dirs())
        return self._migration_dirs

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: commits on success, rolls back everything on any exception.

        On SQLite it takes the write lock at once (reads elsewhere use a plain BEGIN)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                yield conn

    def migrate(self, default_body: dict[str, Any] | None = None) -> None:
        """Bring the schema to the newest revision of the core and every registered plugin;
        records of an older database without a body go to ``default_body`` (the configured
        ``[organization]``)."""
        from .migrate import upgrade

        upgrade(self.engine, self.migration_dirs, attributes={"default_body": default_body})

    def dispose(self) -> None:
        self.engine.dispose()
