"""Bearer tokens bound to actors: issue, authenticate, revoke, list.

The secret is shown once, when it is issued; only its SHA-256 is stored (a 256-bit random
secret needs no slow hash). The HTTP layer reaches the store only through this module and
:mod:`.idempotency`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.dialects import sqlite

from .. import audit, authority
from ..errors import GovDisclosureError, InvalidInputError, NotFoundError
from ..i18n import N_
from ..items import records
from ..store.engine import inserted_id
from .tables import api_tokens

if TYPE_CHECKING:
    from ..app import App

PREFIX = "gdt_"
DEFAULT_LIFETIME = "90d"
_LIFETIME = re.compile(r"^(\d{1,5})([dh])$")


class TokenRefusedError(GovDisclosureError):
    """A bearer token is missing, unknown, expired or revoked (HTTP 401)."""

    def __init__(self, reason: str, detail_zh: str) -> None:
        self.reason = reason
        self.detail_zh = detail_zh
        super().__init__(f"token refused: {reason}")


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: never its secret."""

    id: int
    actor: str
    hint: str
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


@dataclass(frozen=True)
class IssuedToken:
    info: TokenInfo
    secret: str


def parse_lifetime(text: str) -> timedelta | None:
    """``90d`` or ``12h`` (at most 3650 days); ``never`` for a token that does not expire."""
    if text.strip().lower() == "never":
        return None
    match = _LIFETIME.match(text.strip())
    if not match:
        raise InvalidInputError(
            "token lifetime", N_("a number of days or hours such as 90d or 12h"), text
        )
    n, unit = int(match.group(1)), match.group(2)
    lifetime = timedelta(days=n) if unit == "d" else timedelta(hours=n)
    if not timedelta(hours=1) <= lifetime <= timedelta(days=3650):
        raise InvalidInputError("token lifetime", N_("between 1h and 3650d"), text)
    return lifetime


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _info(row: object) -> TokenInfo:
    m = row._mapping  # type: ignore[attr-defined]
    return TokenInfo(
        id=m["id"],
        actor=m["actor_id"],
        hint=m["hint"],
        created_by=m["created_by"],
        created_at=_utc(m["created_at"]) or m["created_at"],
        expires_at=_utc(m["expires_at"]),
        revoked_at=_utc(m["revoked_at"]),
    )


def _utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stamp is stored in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    from datetime import UTC

    return value.replace(tzinfo=UTC)


_COLUMNS = ("id", "actor_id", "hint", "created_by", "created_at", "expires_at", "revoked_at")
_BY_SECRET = select(*(api_tokens.c[name] for name in _COLUMNS)).where(
    api_tokens.c.secret_sha256 == bindparam("sha")
)
_BY_SECRET_SQLITE = str(_BY_SECRET.compile(dialect=sqlite.dialect(paramstyle="qmark")))


def _info_sqlite(raw: tuple[Any, ...]) -> TokenInfo:
    """A row of the raw SQLite query (its stamps are ISO text in UTC)."""
    row_id, actor, hint, by, created, expires, revoked = raw
    stamps = [_utc(datetime.fromisoformat(v)) if v else None for v in (created, expires, revoked)]
    return TokenInfo(row_id, actor, hint, by, stamps[0] or created, stamps[1], stamps[2])


class TokenRepository:
    """Tokens of one :class:`App`'s database."""

    def __init__(self, app: App) -> None:
        self.app = app

    def _require_admin(self, conn: Connection, by: str, action: str) -> None:
        """Only an active 管理员 issues and revokes tokens (refusals are audit-logged)."""
        authority.require_any(conn, by, frozenset({self.app.policy.admin_role}), action)

    def is_admin(self, actor: str) -> bool:
        return authority.has_role(self.app, actor, self.app.policy.admin_role)

    def create(self, actor: str, by: str, lifetime: timedelta | None) -> IssuedToken:
        """A new token for ``actor``, issued by the administrator ``by``."""
        now = self.app.utc_now()
        secret = PREFIX + secrets.token_urlsafe(32)
        with self.app.action(by) as conn:
            self._require_admin(conn, by, "create an API token")
            records.get_actor(conn, actor)
            new_id = inserted_id(
                conn.execute(
                    insert(api_tokens).values(
                        actor_id=actor,
                        secret_sha256=digest(secret),
                        hint=secret[: len(PREFIX) + 6],
                        created_by=by,
                        created_at=now,
                        expires_at=now + lifetime if lifetime else None,
                    )
                )
            )
            expires = (now + lifetime).isoformat() if lifetime else None
            audit.append(
                conn, by, "token.create", f"token:{new_id}", {"actor": actor, "expires_at": expires}
            )
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == new_id)).first()
        return IssuedToken(_info(row), secret)

    def revoke(self, token_id: int, by: str) -> TokenInfo:
        with self.app.action(by) as conn:
            self._require_admin(conn, by, "revoke an API token")
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
            if row is None:
                raise NotFoundError("token", token_id)
            if row.revoked_at is None:
                conn.execute(
                    update(api_tokens)
                    .where(api_tokens.c.id == token_id)
                    .values(revoked_at=self.app.utc_now(), revoked_by=by)
                )
                audit.append(conn, by, "token.revoke", f"token:{token_id}", {"actor": row.actor_id})
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        return _info(row)

    def _find(self, sha256: str) -> TokenInfo | None:
        """The token whose secret has this SHA-256 (every request asks: on SQLite the query
        goes to the driver as compiled once, without SQLAlchemy's execution machinery)."""
        with self.app.store.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                try:
                    raw = cursor.execute(_BY_SECRET_SQLITE, (sha256,)).fetchone()
                finally:
                    cursor.close()
                return None if raw is None else _info_sqlite(raw)
            row = conn.execute(_BY_SECRET, {"sha": sha256}).first()
        return None if row is None else _info(row)

    def list(self) -> list[TokenInfo]:
        with self.app.store.engine.connect() as conn:
            rows = conn.execute(select(api_tokens).order_by(api_tokens.c.id)).all()
        return [_info(r) for r in rows]

    def authenticate(self, secret: str | None) -> TokenInfo:
        """The token of ``secret``, if it is known, unexpired and not revoked."""
        if not secret:
            raise TokenRefusedError(
                "missing", "请求未携带令牌：请在 Authorization 头中提供 Bearer 令牌"
            )
        info = self._find(digest(secret))
        if info is None:
            raise TokenRefusedError("unknown", "令牌无效：未找到该令牌")
        state = info.state(self.app.utc_now())
        if state == "revoked":
            raise TokenRefusedError("revoked", "令牌已被吊销，请向管理员申请新令牌")
        if state == "expired":
            raise TokenRefusedError("expired", "令牌已过期，请向管理员申请新令牌")
        return info
