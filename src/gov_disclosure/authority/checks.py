"""Checking an actor against the table, inside the caller's transaction.

Every refusal is a :class:`PermissionDeniedError` whose ``kind`` says why (``unknown_actor``,
``disabled_actor``, ``role`` …); ``App.action`` writes it to the audit log as ``refused``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ..errors import PermissionDeniedError
from ..i18n import N_
from ..models import Actor
from ..store.tables import actors
from .table import Action, Policy


def actor_record(conn: Connection, actor_id: str) -> Actor | None:
    """The actor, active or not (None when never registered)."""
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).mappings().first()
    if row is None:
        return None
    return Actor(
        id=row["id"],
        name=row["name"],
        unit=row["unit"],
        roles=frozenset(row["roles"]),
        mobile=row["mobile"],
        email=row["email"],
        person=row.get("person") or row["id"],
        active=bool(row["active"]),
    )


def active_actor(conn: Connection, actor_id: str, action: Action | str) -> Actor:
    """The registered, active actor, or a refusal (unknown or disabled)."""
    person = actor_record(conn, actor_id)
    if person is None:
        raise PermissionDeniedError(
            actor_id, str(action), N_("unknown actor"), kind="unknown_actor"
        )
    if not person.active:
        raise PermissionDeniedError(
            actor_id, str(action), N_("the actor is disabled"), kind="disabled_actor"
        )
    return person


def require(
    conn: Connection, policy: Policy, actor_id: str, action: Action, **context: Any
) -> Actor:
    """The active actor holding a role that may do ``action`` (narrowed by ``context``: the
    ``stage``, the item's ``state`` and ``item_class``), or a refusal."""
    person = active_actor(conn, actor_id, action)
    if not policy.allows(person.roles, action, **context):
        needed = policy.roles_for(action, **context)
        raise PermissionDeniedError(
            actor_id,
            f"{action.value} {action.label}",
            N_("needs one of the roles: {roles}"),
            roles="、".join(sorted(needed)) or "-",
        )
    return person


def require_any(conn: Connection, actor_id: str, roles: frozenset[str], action: str) -> Actor:
    """Like :func:`require` for a caller holding its own set of roles."""
    person = active_actor(conn, actor_id, action)
    if not person.roles & roles:
        raise PermissionDeniedError(
            actor_id, action, N_("needs one of the roles: {roles}"), roles="、".join(sorted(roles))
        )
    return person


def may(conn: Connection, policy: Policy, actor_id: str, action: Action, **context: Any) -> bool:
    """Whether the actor is active and holds a role for ``action`` (nothing is logged)."""
    try:
        require(conn, policy, actor_id, action, **context)
    except PermissionDeniedError:
        return False
    return True


def holds_role(conn: Connection, actor_id: str, role: str) -> bool:
    """Whether the actor is registered, active and holds ``role``."""
    person = actor_record(conn, actor_id)
    return person is not None and person.active and role in person.roles
