"""A channel's key-value state kept in the store (:class:`gov_disclosure.channels.ChannelState`).

One row per (channel, key). Every call is its own short transaction and every write is a
single atomic statement (an upsert, an insert that does nothing on conflict, a delete), so
concurrent runs and workers, on SQLite or PostgreSQL, never lose one another's rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from ..channels import ChannelState
from .sequences import next_value
from .tables import channel_state
from .upsert import dialect_insert


def _insert(conn: Connection) -> Any:
    return dialect_insert(conn)(channel_state)


class StoredChannelState(ChannelState):
    """Each call is its own short transaction, so numbers survive a later failure."""

    def __init__(self, engine: Engine, channel: str) -> None:
        self.engine = engine
        self.channel = channel

    def _key(self, key: str) -> Any:
        return (channel_state.c.channel == self.channel) & (channel_state.c.key == key)

    def get(self, key: str, default: Any = None) -> Any:
        with self.engine.connect() as conn:
            row = conn.execute(select(channel_state.c.value).where(self._key(key))).first()
        return default if row is None else row.value

    def set(self, key: str, value: Any) -> None:
        with self.engine.begin() as conn:
            stmt = _insert(conn).values(channel=self.channel, key=key, value=value)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[channel_state.c.channel, channel_state.c.key],
                    set_={"value": stmt.excluded.value},
                )
            )

    def add(self, key: str, value: Any) -> bool:
        with self.engine.begin() as conn:
            stmt = _insert(conn).values(channel=self.channel, key=key, value=value)
            return conn.execute(stmt.on_conflict_do_nothing()).rowcount == 1

    def items(self, prefix: str) -> dict[str, Any]:
        q = (
            select(channel_state.c.key, channel_state.c.value)
            .where(channel_state.c.channel == self.channel)
            .where(channel_state.c.key.startswith(prefix, autoescape=True))
            .order_by(channel_state.c.key)
        )
        with self.engine.connect() as conn:
            return {row.key: row.value for row in conn.execute(q)}

    def delete(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(channel_state).where(self._key(key)))

    def next_number(self, key: str) -> int:
        with self.engine.begin() as conn:
            return next_value(conn, f"channel:{self.channel}", key)
