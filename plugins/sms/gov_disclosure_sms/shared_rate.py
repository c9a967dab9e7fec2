"""A rate limit shared by every worker process: one GCRA schedule in one database row.

Used by the SMS fan-out so that N workers on N machines together stay within the gateway's
``messages_per_second``. The row lives in the channel's own ``sms_state`` table; each
reservation locks it for one short transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .tables import state as sms_state

RATE_KEY = "fanout-rate"


def insert_for(conn: Connection) -> Any:
    return pg_insert if conn.dialect.name == "postgresql" else sqlite_insert


def begin_write(engine: Engine) -> Any:
    """A write transaction (on the core's SQLite engine: BEGIN IMMEDIATE, the write lock)."""
    return engine.connect().execution_options(sqlite_immediate=True)


class SharedRateLimit:
    """At most ``per_second`` units per second across every process sharing ``engine``.

    The schedule is a single number, the theoretical arrival time (GCRA) of the next free
    unit, kept in an ``sms_state`` row that each reservation locks for one short
    transaction. Time is the database's clock on PostgreSQL (machines may disagree) and
    ``clock()`` otherwise; ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        engine: Engine,
        per_second: float | None,
        *,
        key: str = RATE_KEY,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.per_second = per_second
        self.key = key
        self.clock = clock
        self.sleep = sleep

    def _now(self, conn: Connection) -> float:
        if self.clock is None and conn.dialect.name == "postgresql":
            return float(
                conn.exec_driver_sql("SELECT extract(epoch FROM clock_timestamp())").scalar_one()
            )
        return (self.clock or time.time)()

    def reserve(self, units: float) -> float:
        """Book ``units`` and return the seconds to wait before using them."""
        if not self.per_second:
            return 0.0
        where = sms_state.c.key == self.key
        with begin_write(self.engine) as conn, conn.begin():
            conn.execute(
                insert_for(conn)(sms_state)
                .values(key=self.key, value={"tat": 0.0})
                .on_conflict_do_nothing()
            )
            stored = conn.execute(
                select(sms_state.c.value).where(where).with_for_update()
            ).scalar_one()
            now = self._now(conn)
            start = max(float((stored or {}).get("tat", 0.0)), now)
            conn.execute(
                update(sms_state)
                .where(where)
                .values(value={"tat": start + units / self.per_second})
            )
        return start - now

    def acquire(self, units: float) -> float:
        """Wait until ``units`` may go; returns the seconds waited."""
        wait = self.reserve(units)
        if wait > 0:
            self.sleep(wait)
        return wait
