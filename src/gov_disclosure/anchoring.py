"""Audit anchors kept outside the database, without anyone having to remember them.

A hash chain inside the database cannot see a consistent rewrite of itself (cut the tail and
fix ``audit_head``, recompute every hash after changing who approved, or delete the whole
log). So every ``run`` and every ``worker`` batch appends the head of the log to an anchor
journal (审计锚点记录) outside the database: a JSON line per anchor with the time (China time),
the sequence number, the hash and the number of entries. ``audit verify`` then checks the
database against every line of it. Make the journal append-only for the database's users
(``chattr +a``, another owner, or a copy sent off the machine).

With ``[audit] key_file`` the chain is keyed: each entry's hash is an HMAC-SHA-256 under a key
kept outside the database (a file only its owner can read), so rewriting the chain needs the
key as well. ``audit rekey`` re-chains an existing log under the key once, after verifying it.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, Engine, func, select, update

from . import audit
from .errors import ConfigError, InvalidInputError
from .files import PUBLIC, append_line
from .store.tables import audit_head, audit_log, items

if TYPE_CHECKING:
    from .config import Config

CHINA = ZoneInfo("Asia/Shanghai")
DEFAULT_JOURNAL = "audit-anchors.jsonl"


class AuditSettings(BaseModel):
    """``[audit]``: where anchors go and the optional key of a keyed chain."""

    model_config = ConfigDict(extra="forbid")

    anchor_journal: str = DEFAULT_JOURNAL
    """Relative to the config file's folder (default: beside it)."""
    key_file: str | None = None
    """A file only its owner can read holding the chain's HMAC key (at least 32 bytes)."""


def settings_of(config: Config) -> AuditSettings:
    try:
        return AuditSettings.model_validate(config.audit)
    except ValueError as exc:
        raise ConfigError("audit", str(exc).splitlines()[0]) from None


def journal_path(config: Config) -> Path:
    return config.resolve(settings_of(config).anchor_journal)


def read_key(path: Path) -> bytes:
    """The key in ``path``: refused when group or others can read it, or when short."""
    try:
        info = path.stat()
        data = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigError("audit.key_file", f"cannot read {path}: {exc.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError("audit.key_file", f"{path} must be readable by its owner only (0600)")
    if len(data) < 32:
        raise ConfigError("audit.key_file", "the key must be at least 32 bytes")
    return data


def use_config(engine: Engine, config: Config) -> None:
    """Key the chain of ``engine``'s database when the config names a key file."""
    key_file = settings_of(config).key_file
    audit.use_key(engine, read_key(config.resolve(key_file)) if key_file else None)


# --- the journal --------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalLine:
    at: str
    anchor: audit.Anchor
    entries: int


def anchor_now(config: Config, conn: Connection, now: datetime | None = None) -> JournalLine:
    """Append the current head to the journal; returns the line written."""
    head = audit.anchor_of(conn) or audit.Anchor(0, audit.GENESIS)
    kept = audit.Anchor(head.seq, head.hash, keyed=audit.key_of(conn) is not None)
    entries = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    at = (now or datetime.now(CHINA)).astimezone(CHINA).isoformat(timespec="seconds")
    line = {"at": at, "seq": kept.seq, "hash": kept.hash, "entries": entries, "keyed": kept.keyed}
    append_line(journal_path(config), json.dumps(line), mode=PUBLIC)
    return JournalLine(at, kept, entries)


def read_journal(path: Path) -> list[JournalLine]:
    """Every anchor in the journal, oldest first ([] when there is none yet)."""
    if not path.is_file():
        return []
    lines = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
            parsed = audit.Anchor.parse(f"{raw['seq']}:{raw['hash']}")
            anchor = audit.Anchor(parsed.seq, parsed.hash, keyed=bool(raw.get("keyed")))
            lines.append(JournalLine(str(raw["at"]), anchor, int(raw["entries"])))
        except (ValueError, KeyError, TypeError, InvalidInputError):
            raise InvalidInputError(
                "audit.anchor_journal", f"line {number} is not an anchor", path.name
            ) from None
    return lines


def latest(config: Config) -> JournalLine | None:
    lines = read_journal(journal_path(config))
    return lines[-1] if lines else None


# --- verification -------------------------------------------------------------------------


def records_held(conn: Connection) -> int:
    """Items in the database: a database with records and no log lost its log."""
    return conn.execute(select(func.count()).select_from(items)).scalar_one()


def verify_all(conn: Connection, config: Config | None, extra: audit.Anchor | None = None):
    """The chain (keyed when configured), an empty log in a database with records, and
    every anchor of the journal (plus ``extra``, one given by hand)."""
    anchors = [line.anchor for line in read_journal(journal_path(config))] if config else []
    if extra is not None:
        anchors.append(extra)
    report = audit.verify(conn, anchors=anchors, key=audit.key_of(conn))
    if report.ok and report.checked == 0 and records_held(conn):
        return audit.VerifyReport(
            0, False, 1, f"the log is empty but the database holds {records_held(conn)} items"
        )
    return report


def rekey(conn: Connection, key: bytes | None) -> int:
    """Re-chain every entry under ``key`` (in the caller's transaction); returns the count.
    The caller verifies the unkeyed chain first."""
    prev = audit.GENESIS
    count = 0
    for row in list(conn.execute(select(audit_log).order_by(audit_log.c.seq))):
        digest = audit.entry_hash(
            prev,
            row.seq,
            audit.as_utc(row.at),
            row.actor,
            row.action,
            row.subject,
            row.payload,
            key,
        )
        conn.execute(
            update(audit_log).where(audit_log.c.seq == row.seq).values(prev_hash=prev, hash=digest)
        )
        prev, count = digest, count + 1
    if count:
        conn.execute(update(audit_head).where(audit_head.c.id == 1).values(hash=prev))
    return count


def describe(line: JournalLine | None) -> dict[str, Any]:
    """The anchor as reports and archives print it (empty when none was kept yet)."""
    if line is None:
        return {}
    return {"anchor": str(line.anchor), "anchored_at": line.at, "entries": line.entries}
