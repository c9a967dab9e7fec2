"""The append-only, tamper-evident audit log.

Each entry stores the SHA-256 of its own canonical content and the hash of the entry before,
so editing, deleting or reordering rows breaks the chain. ``audit_head`` holds the newest
sequence number and hash, so truncating the tail is detected as well. Appending locks the head
row inside the caller's transaction, which serialises writers on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from .errors import AuditIntegrityError
from .store.tables import audit_head, audit_log

GENESIS = "0" * 64


def _canonical(
    seq: int, at: datetime, actor: str, action: str, subject: str, payload: str
) -> bytes:
    at_text = at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(
        [seq, at_text, actor, action, subject, payload], ensure_ascii=False, separators=(",", ":")
    ).encode()


def entry_hash(
    prev_hash: str, seq: int, at: datetime, actor: str, action: str, subject: str, payload: str
) -> str:
    """The hash chaining an entry to the one before it."""
    digest = hashlib.sha256(prev_hash.encode())
    digest.update(_canonical(seq, at, actor, action, subject, payload))
    return digest.hexdigest()


_HASH_LIKE = re.compile("[0-9a-f]{32,}")


def _masked(value: Any) -> Any:
    """``value`` with personal data in its strings masked: an ID typed into a title must not
    stay for ever in an append-only log. Hex digests are left alone."""
    from .review.masking import mask  # the one masking rule of the library

    if isinstance(value, str):
        return value if _HASH_LIKE.fullmatch(value) else mask(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


def append(
    conn: Connection, actor: str, action: str, subject: str, payload: dict[str, Any] | None = None
) -> int:
    """Append one entry in the caller's transaction; returns its sequence number."""
    return append_many(conn, [(actor, action, subject, payload or {})])


def append_many(conn: Connection, entries: Sequence[tuple[str, str, str, dict[str, Any]]]) -> int:
    """Append (actor, action, subject, payload) entries in the caller's transaction: the head
    row is locked once and the chained rows go in one statement. Returns the last sequence
    number (0 when there was nothing to append)."""
    if not entries:
        return 0
    head = conn.execute(
        select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()
    ).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at = datetime.now(UTC)
    rows = []
    for actor, action, subject, payload in entries:
        seq += 1
        body = json.dumps(_masked(payload), ensure_ascii=False, sort_keys=True, default=str)
        digest = entry_hash(prev, seq, at, actor, action, subject, body)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": action,
                "subject": subject,
                "payload": body,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    conn.execute(insert(audit_log), rows)
    if head:
        conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=prev))
    else:
        conn.execute(insert(audit_head).values(id=1, seq=seq, hash=prev))
    return seq


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class VerifyReport:
    """Result of :func:`verify`: entries checked and the first problem, if any."""

    checked: int
    ok: bool
    first_bad_seq: int | None = None
    problem: str | None = None

    def raise_if_bad(self) -> None:
        if not self.ok:
            raise AuditIntegrityError(self.first_bad_seq or 0, self.problem or "broken")


def _as_utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def verify(conn: Connection, anchor: Anchor | None = None) -> VerifyReport:
    """Walk the chain in sequence order and report the first entry that does not fit.

    ``anchor`` is a (sequence, hash) pair kept outside the database (printed by
    :func:`anchor_of`, e.g. filed with a supervisor or in the annual report): removing the
    newest entries *and* rewriting the head to match is only detectable against it.
    """
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    hashes: dict[int, str] = {}
    rows = conn.execute(select(audit_log).order_by(audit_log.c.seq))
    for row in rows:
        if row.seq != expected_seq:
            return VerifyReport(
                checked,
                False,
                expected_seq,
                f"missing: expected entry {expected_seq}, found {row.seq}",
            )
        if row.prev_hash != prev_hash:
            return VerifyReport(
                checked, False, row.seq, "does not link to the entry before (deleted or reordered)"
            )
        digest = entry_hash(
            prev_hash, row.seq, _as_utc(row.at), row.actor, row.action, row.subject, row.payload
        )
        if digest != row.hash:
            return VerifyReport(checked, False, row.seq, "content was edited after it was written")
        prev_hash, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
        if anchor is not None and row.seq == anchor.seq:
            hashes[row.seq] = row.hash
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    if head is None and checked:
        return VerifyReport(checked, False, checked, "the head record is missing")
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return VerifyReport(
            checked,
            False,
            checked + 1,
            f"log ends at {checked} but the head says {head.seq}: entries removed",
        )
    if anchor is not None:
        if anchor.seq > checked:
            return VerifyReport(
                checked,
                False,
                checked + 1,
                f"log ends at {checked} before the anchored entry {anchor.seq}: entries removed",
            )
        if hashes.get(anchor.seq) != anchor.hash:
            return VerifyReport(
                checked, False, anchor.seq, "differs from the anchor: the log was rewritten"
            )
    return VerifyReport(checked, True)


@dataclass(frozen=True)
class Anchor:
    """A (sequence number, hash) of the log kept outside the database."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        from .errors import InvalidInputError

        seq, _, digest = text.strip().partition(":")
        if not (seq.isdigit() and len(digest) == 64):
            raise InvalidInputError("anchor", "must look like <sequence>:<64 hex digits>", text)
        return cls(int(seq), digest)


def anchor_of(conn: Connection) -> Anchor | None:
    """The newest entry as an anchor to keep outside the database."""
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    return Anchor(head.seq, head.hash) if head else None


def entries(conn: Connection, subject: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """Newest entries first, optionally for one subject (``item:12``, ``application:3`` …)."""
    q = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if subject:
        q = q.where(audit_log.c.subject == subject)
    return [
        AuditEntry(r.seq, _as_utc(r.at), r.actor, r.action, r.subject, json.loads(r.payload))
        for r in conn.execute(q)
    ]
