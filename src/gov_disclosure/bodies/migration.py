"""The body an older database's records are assigned to when revision ``bodies_0001`` runs.

The store passes the configured ``[organization]`` to Alembic (``attributes["default_body"]``);
a plugin's own bodies revision (the SMS subscribers) calls :func:`assign_to` the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from ..errors import ConfigError

ORGS = sa.table(
    "organizations",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("credit_code", sa.String),
    sa.column("level", sa.String),
    sa.column("short_name", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def migration_body_id(conn: Connection, body: Mapping[str, Any] | None) -> int:
    """The configured body's id (registered now if missing), else the first registered one."""
    code = (body or {}).get("credit_code")
    if code:
        code = str(code).strip().upper()
        found = conn.execute(sa.select(ORGS.c.id).where(ORGS.c.credit_code == code)).scalar()
        if found is not None:
            return int(found)
        level = body.get("level") or "乡镇"  # type: ignore[union-attr]
        values = {
            "name": body.get("name") or code,  # type: ignore[union-attr]
            "credit_code": code,
            "level": getattr(level, "value", level),
            "short_name": body.get("short_name"),  # type: ignore[union-attr]
            "created_at": datetime.now(UTC),
        }
        result = conn.execute(sa.insert(ORGS).values(**values).returning(ORGS.c.id))
        return int(result.scalar_one())
    first = conn.execute(sa.select(sa.func.min(ORGS.c.id))).scalar()
    if first is None:
        raise ConfigError(
            "organization",
            "未配置本机关（credit_code）：已有记录无法归属到机关，请在配置文件 [organization] "
            "中填写 name 和 credit_code 后再运行 init",
        )
    return int(first)


def assign_to(conn: Connection, table: str, body: Mapping[str, Any] | None) -> None:
    """Set ``org_id`` on every row of ``table`` that has none (nothing to do: no body needed)."""
    t = sa.table(table, sa.column("org_id", sa.Integer))
    if conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.org_id.is_(None))).scalar():
        body_id = migration_body_id(conn, body)
        conn.execute(sa.update(t).where(t.c.org_id.is_(None)).values(org_id=body_id))
