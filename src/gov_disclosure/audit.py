"""The append-only, tamper-evident audit log.

Each entry stores the SHA-256 of its own canonical content and the hash of the entry before,
so editing, deleting or reordering rows breaks the chain. ``audit_head`` holds the newest
sequence number and hash, so truncating the tail is detected as well. Appending locks the head
row inside the caller's transaction, which serialises writers on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

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
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    payload: str,
    key: bytes | None = None,
) -> str:
    """The hash chaining an entry to the one before it: SHA-256, or HMAC-SHA-256 under
    ``key`` for a keyed chain (``[audit] key_file``)."""
    digest = hmac.new(key, digestmod=hashlib.sha256) if key else hashlib.sha256()
    digest.update(prev_hash.encode())
    digest.update(_canonical(seq, at, actor, action, subject, payload))
    return digest.hexdigest()


_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def use_key(engine: Engine, key: bytes | None) -> None:
    """Key the chain of ``engine``'s database (None: plain SHA-256)."""
    if key:
        _KEYS[engine] = key
    else:
        _KEYS.pop(engine, None)


def key_of(conn: Connection) -> bytes | None:
    return _KEYS.get(conn.engine)


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
    key = key_of(conn)
    rows = []
    for actor, action, subject, payload in entries:
        seq += 1
        body = json.dumps(_masked(payload), ensure_ascii=False, sort_keys=True, default=str)
        digest = entry_hash(prev, seq, at, actor, action, subject, body, key)
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


def as_utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def verify(
    conn: Connection,
    anchor: Anchor | None = None,
    *,
    anchors: Sequence[Anchor] = (),
    key: bytes | None = None,
) -> VerifyReport:
    """Walk the chain in sequence order and report the first entry that does not fit.

    ``anchor`` / ``anchors`` are (sequence, hash) pairs kept outside the database (the anchor
    journal, a line in the annual report): removing the newest entries *and* rewriting the
    head to match, or recomputing the chain, is only detectable against them. ``key`` checks
    a keyed chain (HMAC).
    """
    wanted = [*anchors, *([anchor] if anchor is not None else [])]
    anchored = {a.seq for a in wanted}
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    hashes: dict[int, tuple[str, str | None]] = {0: (GENESIS, GENESIS)}
    plain = GENESIS  # the unkeyed chain, for anchors kept before the log was keyed
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
            prev_hash, row.seq, as_utc(row.at), row.actor, row.action, row.subject, row.payload, key
        )
        if digest != row.hash:
            return VerifyReport(checked, False, row.seq, "content was edited after it was written")
        prev_hash, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
        if key is not None and anchored:
            plain = entry_hash(
                plain, row.seq, as_utc(row.at), row.actor, row.action, row.subject, row.payload
            )
        if row.seq in anchored:
            hashes[row.seq] = (row.hash, plain if key is not None else None)
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
    for kept in wanted:
        if kept.seq > checked:
            return VerifyReport(
                checked,
                False,
                checked + 1,
                f"log ends at {checked} before the anchored entry {kept.seq}: entries removed",
            )
        if not _matches(kept, hashes.get(kept.seq, ("", None))):
            return VerifyReport(
                checked, False, kept.seq, "differs from the anchor: the log was rewritten"
            )
    return VerifyReport(checked, True)


def _matches(kept: Anchor, found: tuple[str, str | None]) -> bool:
    """A kept anchor agrees with the entry's hash (of the keyed chain when a key is in use)
    or, for an anchor kept before the log was keyed, with the plain chain's hash there."""
    stored, plain = found
    if plain is None:  # no key in use: a keyed anchor means the key was taken away
        return kept.keyed is not True and kept.hash == stored
    if kept.keyed is None:
        return kept.hash in (stored, plain)
    return kept.hash == (stored if kept.keyed else plain)


@dataclass(frozen=True)
class Anchor:
    """A (sequence number, hash) of the log kept outside the database."""

    seq: int
    hash: str
    keyed: bool | None = None
    """Whether ``hash`` is of the keyed (HMAC) chain; None: either (typed in by hand)."""

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
        AuditEntry(r.seq, as_utc(r.at), r.actor, r.action, r.subject, json.loads(r.payload))
        for r in conn.execute(q)
    ]
