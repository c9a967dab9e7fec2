"""The send journal (``sms_batches``): what makes a send exactly-once at the cost of one row
per gateway request rather than writes per recipient while the messages go out.

- before a request leaves, its batch row is written ``sending`` with the numbers, and
  committed;
- the gateway's answer (per number, in request order) is stored in that row (``answered``)
  with the next batch's commit; a request that still failed after its retries (5xx,
  timeouts, a refusal) is ``failed``, and a rerun sends it again with the same refs (a
  gateway that deduplicates on them never delivers twice);
- :func:`settle` then turns journal rows into per-recipient rows (``sms_recipients``) and
  deletes them, in one transaction. After a crash the next run settles what is left: a batch
  still ``sending`` may have reached the gateway, so its recipients become ``unknown`` and are
  not sent again unless asked.

Delivery receipts that came in before their recipients' rows existed are matched when the
rows are written (:func:`gov_disclosure_sms.receipts.rematch`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.engine import Connection, Dialect

from gov_disclosure.errors import InvalidInputError
from gov_disclosure.redact import scrub

from .keys import Status, recipient_ref
from .ledger import DriverStatement, Ledger, Outcome
from .receipts import rematch
from .tables import batches, sends
from .transports.base import RecipientResult

SENDING, ANSWERED, FAILED = "sending", "answered", "failed"
NO_ANSWER = "no answer for this recipient"
INTERRUPTED = "interrupted mid-send"
REJECTED_CODE = "0"
_CODE = {True: "1", False: REJECTED_CODE, None: "-"}
_STATUS = {"1": Status.ACCEPTED.value, "0": Status.REJECTED.value, "-": Status.UNKNOWN.value}
_UNSAFE = str.maketrans({"\n": "?", "\x1f": "?"})


def encode_answer(refs: Sequence[str], results: Sequence[RecipientResult]) -> str:
    """The gateway's answer per ref, in request order, compactly: one code per recipient
    (``1`` accepted, ``0`` rejected, ``-`` no answer), then the errors as a JSON object by
    position, then the message ids separated by ``\\x1f``. A ref the gateway left out has no
    answer."""
    if [r.ref for r in results] != list(refs):
        by_ref = {r.ref: r for r in results}
        missing = RecipientResult("", None, None, NO_ANSWER)
        results = [by_ref.get(ref, missing) for ref in refs]
    codes = "".join([_CODE[r.accepted] for r in results])
    errors: dict[int, str] = {}
    if codes.strip("1"):  # not all accepted: keep the errors
        errors = {i: scrub(r.error)[:200] for i, r in enumerate(results) if r.error}
    ids = "\x1f".join([r.message_id or "" for r in results])
    if "\n" in ids or ids.count("\x1f") != len(results) - 1:  # a gateway's id with our separators
        ids = "\x1f".join([(r.message_id or "").translate(_UNSAFE) for r in results])
    return f"{codes}\n{json.dumps(errors, ensure_ascii=False)}\n{ids}"


def decode_answer(answer: str) -> list[tuple[str, str | None, str | None]]:
    """(status, message id, error) per recipient, in request order."""
    codes, errors_json, ids = answer.split("\n", 2)
    errors = {int(k): v for k, v in json.loads(errors_json).items()}
    return [
        (_STATUS[code], message_id or None, errors.get(i))
        for i, (code, message_id) in enumerate(zip(codes, ids.split("\x1f"), strict=True))
    ]


class JournalWriter:
    """The journal's per-batch statements for one dialect, compiled once and run through the
    driver (they run once per gateway request, on the sending path)."""

    def __init__(self, dialect: Dialect) -> None:
        self._to_db = batches.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
        self._fence = DriverStatement(
            update(sends)
            .where(sends.c.id == bindparam("p_send"), sends.c.runner == bindparam("p_token"))
            .values(runner=sends.c.runner),
            ("p_send", "p_token"),
            dialect,
        )
        self._answer = DriverStatement(
            update(batches)
            .where(batches.c.id == bindparam("p_id"))
            .values(state=literal_column(f"'{ANSWERED}'"), answer=bindparam("p_answer")),
            ("p_answer", "p_id"),
            dialect,
        )
        self._open = DriverStatement(
            insert(batches)
            .values(
                send_id=bindparam("p_send"),
                state=literal_column(f"'{SENDING}'"),
                numbers=bindparam("p_numbers"),
                created_at=bindparam("p_now"),
            )
            .returning(batches.c.id),
            ("p_send", "p_numbers", "p_now"),
            dialect,
        )

    def owns(self, conn: Connection, send_id: int, token: str) -> bool:
        """Whether the run holding ``token`` still owns the send (no newer run took it)."""
        return self._fence.execute(conn, (send_id, token)).rowcount == 1

    def record_answer(self, conn: Connection, batch_id: int, answer: str) -> None:
        self._answer.execute(conn, (answer, batch_id))

    def open_batch(
        self, conn: Connection, send_id: int, numbers: Sequence[str], now: datetime
    ) -> int:
        """Journal a request about to leave; returns its batch id."""
        joined = ",".join(numbers)
        if joined.count(",") != len(numbers) - 1:
            raise InvalidInputError("number", "a recipient's number cannot contain a comma")
        stamp = self._to_db(now) if self._to_db else now
        return int(self._open.execute(conn, (send_id, joined, stamp)).scalar_one())


def record_failure(conn: Connection, batch_id: int, problem: str) -> None:
    conn.execute(
        update(batches)
        .where(batches.c.id == batch_id)
        .values(state=FAILED, error=scrub(problem)[:200])
    )


def in_flight(conn: Connection, send_id: int) -> int:
    """Recipients journaled but not yet in the per-recipient rows."""
    commas = func.length(batches.c.numbers) - func.length(func.replace(batches.c.numbers, ",", ""))
    count = select(func.sum(commas + 1)).where(batches.c.send_id == send_id)
    return int(conn.execute(count).scalar() or 0)


def settle(
    conn: Connection,
    ledger: Ledger,
    send_id: int,
    idem_key: str,
    now: datetime,
    *,
    include_sending: bool,
    refs_of: Mapping[int, Sequence[str]] | None = None,
) -> int:
    """Write the journal's outcomes as per-recipient rows and drop those journal rows;
    ``include_sending``: batches still ``sending`` too (a new run taking over after a crash);
    ``refs_of``: the refs of batches the caller still has (others are computed again).
    Returns how many recipients were in batches still ``sending`` (left in doubt)."""
    query = select(
        batches.c.id,
        batches.c.state,
        batches.c.numbers,
        batches.c.answer,
        batches.c.error,
        batches.c.created_at,
    ).where(batches.c.send_id == send_id)
    if not include_sending:
        query = query.where(batches.c.state != SENDING)
    rows = conn.execute(query.order_by(batches.c.id)).all()
    if not rows:
        return 0
    outcomes: list[Outcome] = []
    in_doubt = 0
    for batch_id, state, numbers, answer, error, _at in rows:
        listed = numbers.split(",")
        refs = (refs_of or {}).get(batch_id) or [recipient_ref(idem_key, n) for n in listed]
        if state == ANSWERED:
            answers = decode_answer(answer)
        elif state == FAILED:  # failed after its retries: a rerun sends it again
            answers = [(Status.FAILED.value, None, error)] * len(listed)
        else:  # the run died while the request was out
            in_doubt += len(listed)
            answers = [(Status.UNKNOWN.value, None, INTERRUPTED)] * len(listed)
        for n, ref, (status, message_id, why) in zip(listed, refs, answers, strict=True):
            outcomes.append((n, ref, status, message_id, why))
    ledger.write(conn, send_id, outcomes, ledger.statuses(conn, send_id), now)
    conn.execute(delete(batches).where(batches.c.id.in_([r.id for r in rows])))
    # a receipt can beat its recipient's row: look again at the unmatched ones since then
    rematch(conn, min(r.created_at for r in rows) - timedelta(days=1))
    return in_doubt
