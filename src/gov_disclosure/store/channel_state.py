"""A channel's key-value state kept in the store (:class:`gov_disclosure.channels.ChannelState`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, delete, insert, select

from ..channels import ChannelState
from .sequences import next_value
from .tables import channel_state


class StoredChannelState(ChannelState):
    """Each call is its own short transaction, so numbers survive a later failure."""

    def __init__(self, engine: Engine, channel: str) -> None:
        self.engine = engine
        self.channel = channel

    def get(self, key: str, default: Any = None) -> Any:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(channel_state.c.value).where(
                    channel_state.c.channel == self.channel, channel_state.c.key == key
                )
            ).first()
        return default if row is None else row.value

    def set(self, key: str, value: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(channel_state).where(
                    channel_state.c.channel == self.channel, channel_state.c.key == key
                )
            )
            conn.execute(insert(channel_state).values(channel=self.channel, key=key, value=value))

    def next_number(self, key: str) -> int:
        with self.engine.begin() as conn:
            return next_value(conn, f"channel:{self.channel}", key)
