"""Actor administration (人员管理): add, change roles, disable; an administrator's audited acts.

One natural person is one actor: a second *active* actor with the same name and unit is
refused unless the administrator confirms, with a reason that is recorded, that they are
different people. An actor registered after a disabled one with the same name and unit is the
same person again (it keeps that person's key), so self-approval checks, which compare persons,
still see them as one. A disabled actor stays in the record and is refused everywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import Connection, select, update

from .. import audit
from ..errors import ConflictError, InvalidInputError, PermissionDeniedError
from ..i18n import N_
from ..models import Actor
from ..store.engine import utcnow
from ..store.tables import actors
from .checks import actor_record, require
from .table import Action, Policy


def _norm(text: str) -> str:
    """Names compared as a person would: NFKC, no spaces (王 晓丽 is 王晓丽)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def known_roles(policy: Policy) -> frozenset[str]:
    """Every role the table mentions (and the administrator's)."""
    return frozenset(r for roles in policy.table.values() for r in roles) | {policy.admin_role}


def _check_roles(policy: Policy, roles: Iterable[str]) -> None:
    unknown = sorted(set(roles) - known_roles(policy))
    if unknown:
        raise InvalidInputError(
            "role",
            f"未知角色 unknown role(s) {'、'.join(unknown)}; "
            f"known: {'、'.join(sorted(known_roles(policy)))}",
        )


def _namesakes(conn: Connection, person: Actor) -> list[Actor]:
    """Registered actors (active or not) with the same name and unit, oldest id first."""
    name, unit = _norm(person.name), _norm(person.unit)
    rows = conn.execute(select(actors.c.id, actors.c.name, actors.c.unit).order_by(actors.c.id))
    same = [r.id for r in rows if _norm(r.name) == name and _norm(r.unit) == unit]
    return [a for i in same if (a := actor_record(conn, i)) is not None]


def register(
    conn: Connection,
    policy: Policy,
    person: Actor,
    by: str,
    *,
    different_person: str | None = None,
) -> Actor:
    """Write the actor (no authority check: :func:`add_actor` and ``init`` do that)."""
    if actor_record(conn, person.id) is not None:
        raise ConflictError("actor", person.id, "该编号已被使用（停用的人员也保留在记录中）")
    _check_roles(policy, person.roles)
    namesakes = _namesakes(conn, person)
    active = [a for a in namesakes if a.active]
    confirmed = (different_person or "").strip()
    if active and not confirmed:
        raise PermissionDeniedError(
            by,
            f"{Action.ACTOR_ADD.value} {Action.ACTOR_ADD.label}",
            N_(
                "the unit already has an active person of this name ({existing}): one person, "
                "one id; if this is a different person, confirm with a reason "
                "(--different-person REASON)"
            ),
            kind="same_person",
            existing=active[0].id,
        )
    key = person.id if confirmed or not namesakes else namesakes[-1].person_key
    conn.execute(
        actors.insert().values(
            id=person.id,
            name=person.name,
            unit=person.unit,
            roles=sorted(person.roles),
            mobile=person.mobile,
            email=person.email,
            active=True,
            person=key,
        )
    )
    payload = {"name": person.name, "unit": person.unit, "roles": sorted(person.roles)}
    if key != person.id:
        payload["same_person_as"] = key
    if confirmed:
        payload["different_person"] = confirmed
        payload["namesakes"] = [a.id for a in namesakes]
    audit.append(conn, by, "actor.add", f"actor:{person.id}", payload)
    return person.model_copy(update={"person": key})


def add_actor(
    conn: Connection,
    policy: Policy,
    person: Actor,
    by: str,
    *,
    different_person: str | None = None,
) -> Actor:
    """An administrator registers an actor."""
    require(conn, policy, by, Action.ACTOR_ADD)
    return register(conn, policy, person, by, different_person=different_person)


def _target(conn: Connection, actor_id: str) -> Actor:
    found = actor_record(conn, actor_id)
    if found is None:
        raise InvalidInputError("actor", N_("no such actor"), actor_id)
    if not found.active:
        raise InvalidInputError("actor", "该人员已停用 the actor is disabled", actor_id)
    return found


def _active_admins(conn: Connection, policy: Policy) -> list[str]:
    rows = conn.execute(select(actors.c.id, actors.c.roles).where(actors.c.active.is_(True)))
    return [r.id for r in rows if policy.admin_role in r.roles]


def set_roles(
    conn: Connection,
    policy: Policy,
    actor_id: str,
    by: str,
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> Actor:
    """An administrator grants or takes away roles."""
    require(conn, policy, by, Action.ACTOR_ROLES)
    target = _target(conn, actor_id)
    add, remove = frozenset(add), frozenset(remove)
    _check_roles(policy, add)
    roles = (target.roles | add) - remove
    if policy.admin_role in target.roles - roles and _active_admins(conn, policy) == [actor_id]:
        raise InvalidInputError("role", "不能取消最后一名管理员 the last administrator stays")
    conn.execute(update(actors).where(actors.c.id == actor_id).values(roles=sorted(roles)))
    audit.append(
        conn,
        by,
        "actor.roles",
        f"actor:{actor_id}",
        {"before": sorted(target.roles), "after": sorted(roles)},
    )
    return target.model_copy(update={"roles": roles})


def disable(conn: Connection, policy: Policy, actor_id: str, by: str, reason: str) -> Actor:
    """An administrator disables an actor: kept in the record, refused everywhere."""
    require(conn, policy, by, Action.ACTOR_DISABLE)
    if not reason.strip():
        raise InvalidInputError("reason", "停用需要理由 a reason is required")
    target = _target(conn, actor_id)
    if policy.admin_role in target.roles and _active_admins(conn, policy) == [actor_id]:
        raise InvalidInputError("actor", "不能停用最后一名管理员 the last administrator stays")
    conn.execute(
        update(actors)
        .where(actors.c.id == actor_id)
        .values(active=False, disabled_at=utcnow(), disabled_reason=reason.strip())
    )
    audit.append(conn, by, "actor.disable", f"actor:{actor_id}", {"reason": reason.strip()})
    return target.model_copy(update={"active": False})


def all_actors(conn: Connection, *, include_disabled: bool = False) -> list[Actor]:
    q = select(actors.c.id).order_by(actors.c.id)
    if not include_disabled:
        q = q.where(actors.c.active.is_(True))
    return [a for r in conn.execute(q) if (a := actor_record(conn, r.id)) is not None]


def register_configured(
    conn: Connection, policy: Policy, configured: Iterable[dict], admin: Actor | None
) -> None:
    """``init``: the config file's ``[[actors]]`` (the installer's act, audited as
    ``system``), then ``admin`` as the first administrator when none is active yet."""
    for raw in configured:
        data = {k: v for k, v in raw.items() if k != "different_person"}
        person = Actor.model_validate({**data, "roles": frozenset(data.get("roles", []))})
        if actor_record(conn, person.id) is None:
            register(conn, policy, person, "system", different_person=raw.get("different_person"))
    if admin is not None and not _active_admins(conn, policy):
        existing = actor_record(conn, admin.id)
        if existing is None:
            register(
                conn,
                policy,
                admin.model_copy(update={"roles": admin.roles | {policy.admin_role}}),
                "system",
            )
        elif existing.active:
            conn.execute(
                update(actors)
                .where(actors.c.id == admin.id)
                .values(roles=sorted(existing.roles | {policy.admin_role}))
            )
            audit.append(
                conn,
                "system",
                "actor.roles",
                f"actor:{admin.id}",
                {
                    "before": sorted(existing.roles),
                    "after": sorted(existing.roles | {policy.admin_role}),
                },
            )
