"""Which body a command acts for, and the check that a body may still get new records.

The body is, in this order: the one named (``--org`` / ``org=``: an id, 统一社会信用代码 or
name), the logged-in actor's unit when that unit is a registered body (a village's clerk on
the county platform), the configured ``[organization]``, else the only registered body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, or_, select

from ..errors import GovDisclosureError, InvalidInputError
from ..models import Organization
from ..store.tables import actors, organizations
from .records import get_organization

if TYPE_CHECKING:
    from ..config import Config

OrgKey = int | str | Organization


def find(conn: Connection, key: OrgKey) -> Organization:
    """A registered body by id, credit code or name (NotFoundError otherwise)."""
    if isinstance(key, Organization):
        if key.id is None:
            raise InvalidInputError("org", "机关尚未登记（没有 id）", key.name)
        key = key.id
    return get_organization(conn, key)


def org_id_of(conn: Connection, key: OrgKey | None) -> int | None:
    """The id a listing filters on (``None``: every body)."""
    if key is None or key == "":
        return None
    found = find(conn, key).id
    assert found is not None
    return found


def actor_body(conn: Connection, actor: str | None) -> Organization | None:
    """The registered body named by the actor's unit (its name or short name), if any."""
    if not actor:
        return None
    unit = conn.execute(select(actors.c.unit).where(actors.c.id == actor)).scalar()
    if not unit:
        return None
    row = conn.execute(
        select(organizations.c.id)
        .where(or_(organizations.c.name == unit, organizations.c.short_name == unit))
        .order_by(organizations.c.id)
    ).first()
    return find(conn, row.id) if row else None


def configured_body(conn: Connection, config: Config) -> Organization | None:
    """The body of ``[organization]``, else the only registered body."""
    code = config.organization.credit_code
    if code:
        row = conn.execute(
            select(organizations.c.id).where(organizations.c.credit_code == code.upper())
        ).first()
        if row:
            return find(conn, row.id)
    ids = conn.execute(select(organizations.c.id).limit(2)).scalars().all()
    return find(conn, ids[0]) if len(ids) == 1 else None


def default_body(conn: Connection, config: Config, actor: str | None = None) -> Organization:
    """The body a command acts for when none is named."""
    found = actor_body(conn, actor) or configured_body(conn, config)
    if found is None:
        raise GovDisclosureError(
            "无法确定所属机关：请在配置文件 [organization] 中填写 credit_code，或用 --org 指定机关"
            " (no default body: set [organization] credit_code or pass --org)"
        )
    return found


def body_for(
    conn: Connection, config: Config, key: OrgKey | None = None, actor: str | None = None
) -> Organization:
    """The named body, else the default one (for reading)."""
    return find(conn, key) if key not in (None, "") else default_body(conn, config, actor)


def body_for_new_record(
    conn: Connection, config: Config, key: OrgKey | None = None, actor: str | None = None
) -> Organization:
    """:func:`body_for`, refused for a disabled body (its history stays, nothing new)."""
    body = body_for(conn, config, key, actor)
    require_active(body)
    return body


def new_record_org_id(
    conn: Connection, config: Config, key: OrgKey | None = None, actor: str | None = None
) -> int:
    """The id of :func:`body_for_new_record`."""
    found = body_for_new_record(conn, config, key, actor).id
    assert found is not None
    return found


def require_active(body: Organization) -> None:
    if not body.active:
        raise InvalidInputError(
            "org",
            f"机关「{body.name}」已于 {body.disabled_at:%Y-%m-%d} 停用，不能再新增记录"
            f"（停用原因：{body.disabled_reason or '未说明'}）",
        )
