"""Authority (谁公开、谁审查、谁负责): who may do what, checked on every path.

One table (:mod:`.table`) maps each action to the roles that may do it; :mod:`.checks`
checks an actor against it inside a transaction. Other parts of the library (the CLI, the
Python API, the HTTP API, plugins) call these and nothing else::

    from gov_disclosure import authority

    authority.may_do(app, "li", authority.Action.REVIEW_OVERRIDE)   # -> bool
    authority.has_role(app, "li", "管理员")                          # -> bool
    with app.store.transaction() as conn:
        authority.require(conn, app.policy, "li", authority.Action.CHANNEL_SEND)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks import active_actor, actor_record, holds_role, may, require, require_any
from .table import (
    ADMIN_ROLE,
    DRAFTER_ROLE,
    SENDER_ROLE,
    Action,
    Policy,
    Refusal,
    decide,
    describe,
    item_action_legal,
)

if TYPE_CHECKING:
    from ..app import App


def may_do(app: App, actor_id: str, action: Action, **context: Any) -> bool:
    """Whether ``actor_id`` is an active actor of ``app`` who may do ``action``."""
    with app.store.engine.connect() as conn:
        return may(conn, app.policy, actor_id, action, **context)


def has_role(app: App, actor_id: str, role: str) -> bool:
    """Whether ``actor_id`` is an active actor of ``app`` holding ``role``."""
    with app.store.engine.connect() as conn:
        return holds_role(conn, actor_id, role)


__all__ = [
    "ADMIN_ROLE",
    "DRAFTER_ROLE",
    "SENDER_ROLE",
    "Action",
    "Policy",
    "Refusal",
    "active_actor",
    "actor_record",
    "decide",
    "describe",
    "has_role",
    "holds_role",
    "item_action_legal",
    "may",
    "may_do",
    "require",
    "require_any",
]
