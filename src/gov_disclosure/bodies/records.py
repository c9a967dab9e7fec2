"""The ``organizations`` rows: register, read, edit and disable a body, each audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, or_, select, update

from .. import audit
from ..errors import ConflictError, InvalidInputError, NotFoundError
from ..models import Level, Organization
from ..store.engine import inserted_id, utcnow
from ..store.tables import organizations
from ..validation import build
from ..workdays.clock import local_date
from .columns import record_columns
from .levels import columns_for

#: What ``org edit`` may change (the 统一社会信用代码 is the body's identity: never).
EDITABLE = ("name", "short_name", "level", "parent_id", "review_body", "started_on")


def add_organization(
    conn: Connection, org: Organization, actor: str = "system", now: datetime | None = None
) -> Organization:
    """Register a body; ``now`` (the office clock) stamps it and is its default start date."""
    if conn.execute(
        select(organizations.c.id).where(organizations.c.credit_code == org.credit_code)
    ).first():
        raise ConflictError("organization", org.credit_code, "credit code already registered")
    if org.parent_id is not None:
        get_organization(conn, org.parent_id)
    now = now or utcnow()
    values = org.model_dump(exclude={"id"}) | {
        "created_at": now,
        "level": org.level.value,
        "started_on": org.started_on or local_date(now),
    }
    new_id = inserted_id(conn.execute(insert(organizations).values(**values)))
    record_columns(conn, new_id, columns_for(org.level), None)  # they come with it
    audit.append(
        conn,
        actor,
        "org.add",
        f"org:{new_id}",
        {"name": org.name, "credit_code": org.credit_code, "level": org.level.value},
    )
    return get_organization(conn, new_id)


def _org(row: RowMapping) -> Organization:
    return Organization(
        id=row["id"],
        name=row["name"],
        credit_code=row["credit_code"],
        level=row["level"],
        parent_id=row["parent_id"],
        short_name=row["short_name"],
        review_body=row["review_body"],
        started_on=row["started_on"] or local_date(_utc(row["created_at"])),
        disabled_at=row["disabled_at"],
        disabled_reason=row["disabled_reason"],
    )


def get_organization(conn: Connection, key: int | str) -> Organization:
    """By id, 统一社会信用代码, exact name or short name."""
    text = str(key).strip()
    q = select(organizations)
    if isinstance(key, int) or (text.isdigit() and len(text) < 18):
        q = q.where(organizations.c.id == int(text))
    else:
        q = q.where(
            or_(
                organizations.c.credit_code == text.upper(),
                organizations.c.name == text,
                organizations.c.short_name == text,
            )
        ).order_by(organizations.c.id)
    row = conn.execute(q).mappings().first()
    if row is None:
        raise NotFoundError("organization", key)
    return _org(row)


def list_organizations(conn: Connection, level: Level | str | None = None) -> list[Organization]:
    q = select(organizations).order_by(organizations.c.id)
    if level:
        q = q.where(organizations.c.level == Level(level).value)
    return [_org(r) for r in conn.execute(q).mappings()]


def _check_parent(conn: Connection, org: Organization, parent_id: int | None) -> None:
    seen = {org.id}
    while parent_id is not None:
        if parent_id in seen:
            raise InvalidInputError("parent", "上级机关不能是本机关或其下级机关", parent_id)
        seen.add(parent_id)
        parent_id = get_organization(conn, parent_id).parent_id


def edit_organization(
    conn: Connection,
    key: int | str,
    changes: dict[str, Any],
    actor: str,
    now: datetime | None = None,
) -> Organization:
    """Change the fields of :data:`EDITABLE`; the audit entry keeps each old and new value."""
    org = get_organization(conn, key)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInputError("org", f"不能修改的字段：{'、'.join(sorted(unknown))}")
    if "parent_id" in changes:
        _check_parent(conn, org, changes["parent_id"])
    checked = build(Organization, org.model_dump() | changes)  # the model's own rules
    values = {f: getattr(checked, f) for f in changes}
    if "level" in values:
        values["level"] = checked.level.value
    diff = {
        f: [_plain(getattr(org, f)), _plain(v)]
        for f, v in values.items()
        if _plain(getattr(org, f)) != _plain(v)
    }
    if not diff or org.id is None:
        return org
    conn.execute(update(organizations).where(organizations.c.id == org.id).values(**values))
    if "level" in diff:  # the new level's columns are owed from today at the earliest
        record_columns(conn, org.id, columns_for(checked.level), local_date(now or utcnow()))
    audit.append(conn, actor, "org.edit", f"org:{org.id}", {"changes": diff})
    return get_organization(conn, org.id)


def disable_organization(
    conn: Connection, key: int | str, actor: str, reason: str, now: datetime | None = None
) -> Organization:
    """No new records from now on; everything it has stays (catalogue, reports, archive)."""
    org = get_organization(conn, key)
    if not reason.strip():
        raise InvalidInputError("reason", "请说明停用原因（撤并、更名等）")
    if not org.active:
        raise ConflictError("organization", org.name, f"已于 {org.disabled_at:%Y-%m-%d} 停用")
    conn.execute(
        update(organizations)
        .where(organizations.c.id == org.id)
        .values(disabled_at=now or utcnow(), disabled_reason=reason.strip())
    )
    audit.append(conn, actor, "org.disable", f"org:{org.id}", {"reason": reason.strip()})
    return get_organization(conn, org.id)  # type: ignore[arg-type]


def _utc(moment: datetime) -> datetime:
    """A stored stamp (SQLite hands them back naive, in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)
