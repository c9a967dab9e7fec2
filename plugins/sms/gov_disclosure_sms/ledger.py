"""The per-recipient rows of a send (``sms_recipients``), written from the journal with as
little work per row as the guarantees allow: one driver-level ``executemany`` for the numbers
new to the send and one for those sent again (a failed or in-doubt row resent), each with a
statement compiled once per dialect. A row a delivery receipt already settled is never
overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, insert, literal_column, select, update
from sqlalchemy.engine import Connection, CursorResult, Dialect

from gov_disclosure.redact import scrub

from .keys import SETTLED_BY_RECEIPT
from .tables import recipients, sends

Outcome = tuple[str, str, str, str | None, str | None]
"""(number, ref, status, message id, error) of one recipient."""


class DriverStatement:
    """A statement compiled once for a dialect and run with the driver's ``executemany``.

    Rows are tuples in the order of ``names`` (the statement's bind parameter names); values
    must already be in the driver's form (see :meth:`Ledger.db_time`).
    """

    def __init__(self, statement: Any, names: Sequence[str], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names = tuple(names)
        self.order: tuple[int, ...] | None = None
        self.named = not compiled.positional
        if compiled.positional:
            order = tuple(self.names.index(n) for n in compiled.positiontup or ())
            self.order = None if order == tuple(range(len(self.names))) else order

    def _params(self, row: tuple[Any, ...]) -> Any:
        if self.named:
            return dict(zip(self.names, row, strict=True))
        return row if self.order is None else tuple(row[i] for i in self.order)

    def run(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """``executemany`` over ``rows``."""
        if rows:
            plain = not self.named and self.order is None
            conn.exec_driver_sql(self.sql, list(rows) if plain else [self._params(r) for r in rows])

    def execute(self, conn: Connection, row: tuple[Any, ...]) -> CursorResult[Any]:
        """Execute once."""
        return conn.exec_driver_sql(self.sql, self._params(row))

    def fetch(self, conn: Connection, row: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Execute once and return the driver's plain tuples."""
        return self.execute(conn, row).cursor.fetchall()


class Ledger:
    """The hot statements on ``sms_recipients`` for one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._to_db = recipients.c.updated_at.type.dialect_impl(dialect).bind_processor(dialect)
        self._statuses = DriverStatement(
            select(recipients.c.number, recipients.c.id, recipients.c.status).where(
                recipients.c.send_id == bindparam("p_send")
            ),
            ("p_send",),
            dialect,
        )
        self._insert = DriverStatement(
            insert(recipients).values(
                send_id=bindparam("p_send"),
                number=bindparam("p_number"),
                ref=bindparam("p_ref"),
                status=bindparam("p_status"),
                message_id=bindparam("p_mid"),
                error=bindparam("p_error"),
                attempts=literal_column("1"),
                updated_at=bindparam("p_now"),
            ),
            ("p_send", "p_number", "p_ref", "p_status", "p_mid", "p_error", "p_now"),
            dialect,
        )
        settled = [literal_column(f"'{s.value}'") for s in SETTLED_BY_RECEIPT]
        self._update = DriverStatement(
            update(recipients)
            .where(
                recipients.c.id == bindparam("p_id"),
                recipients.c.status.not_in(settled),
            )
            .values(
                status=bindparam("p_status"),
                message_id=bindparam("p_mid"),
                error=bindparam("p_error"),
                attempts=recipients.c.attempts + literal_column("1"),
                updated_at=bindparam("p_now"),
            ),
            ("p_status", "p_mid", "p_error", "p_now", "p_id"),
            dialect,
        )

    def db_time(self, moment: datetime) -> Any:
        """``moment`` as the driver stores it (a string on SQLite)."""
        return self._to_db(moment) if self._to_db else moment

    def statuses(self, conn: Connection, send_id: int) -> dict[str, tuple[int, str]]:
        """number → (row id, status) for every row of the send."""
        return {n: (row_id, status) for n, row_id, status in self._statuses.fetch(conn, (send_id,))}

    def write(
        self,
        conn: Connection,
        send_id: int,
        outcomes: Sequence[Outcome],
        known: dict[str, tuple[int, str]],
        now: datetime,
    ) -> None:
        """Store each recipient's outcome: new rows for numbers new to the send (``known``:
        :meth:`statuses`), updates for the others unless a receipt settled them first."""
        stamp = self.db_time(now)
        fresh: list[tuple[Any, ...]] = []
        again: list[tuple[Any, ...]] = []
        for number, ref, status, message_id, raw_error in outcomes:
            error = scrub(raw_error) if raw_error else raw_error  # gateways echo tokens
            row = known.get(number)
            if row is None:
                fresh.append((send_id, number, ref, status, message_id, error, stamp))
            else:
                again.append((status, message_id, error, stamp, row[0]))
        fresh.sort(key=itemgetter(1))  # in (send, number) order: that index grows at its end
        self._insert.run(conn, fresh)
        self._update.run(conn, again)


def ensure_send(conn: Connection, key: Any, message: Any, transport: str, now: datetime) -> int:
    """The id of the send for ``key`` (an idempotency key, edition and action), created once
    with its message text and part count."""
    send_id = conn.execute(select(sends.c.id).where(sends.c.idem_key == key.idem_key)).scalar()
    if send_id is not None:
        return int(send_id)
    return int(
        conn.execute(
            sends.insert().values(
                idem_key=key.idem_key,
                index_no=key.index_no,
                edition=key.edition,
                action=key.action,
                text=message.text,
                parts=message.parts,
                transport=transport,
                created_at=now,
            )
        ).inserted_primary_key[0]
    )
