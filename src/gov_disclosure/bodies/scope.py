"""Which bodies one output covers: one body, or a body and every body under it (a township
with its villages, a county government with its departments and townships: the whole county).

Channels built for one body or the whole county (the kiosk, the bulletin) read their scope
from their settings (``org``, ``subordinates``) or a command's ``--org``; the default is the
configured body (``[organization]``) with the bodies under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from ..errors import ConfigError, NotFoundError
from ..models import Organization
from ..store.tables import organizations
from .records import get_organization


@dataclass(frozen=True)
class BodyScope:
    """A body and the ids of the bodies an output made for it covers."""

    body: Organization
    ids: frozenset[int]
    subordinates: bool

    def covers(self, org_id: int) -> bool:
        return org_id in self.ids

    @property
    def label(self) -> str:
        """``示例镇人民政府`` or ``示例镇人民政府（含下级机关）``."""
        return self.body.name + (
            "（含下级机关）" if self.subordinates and len(self.ids) > 1 else ""
        )


def subtree(pairs: Iterable[tuple[int, int | None]], root: int) -> frozenset[int]:
    """``root`` and every id below it, from ``(id, parent_id)`` pairs (cycles stop)."""
    children: dict[int | None, list[int]] = {}
    for child, parent in pairs:
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(children.get(node, []))
    return frozenset(found)


def resolve_scope(
    engine: Engine,
    key: int | str | None,
    default: dict[str, Any] | None = None,
    *,
    subordinates: bool = True,
    field: str = "org",
) -> BodyScope:
    """The scope of ``key`` (id, 统一社会信用代码 or name; None: the configured body in
    ``default``, the config's ``[organization]`` table)."""
    with engine.connect() as conn:
        if key is None or key == "":
            key = (default or {}).get("credit_code") or ""
            if not key:
                raise ConfigError(field, "no body given and no [organization] credit_code")
        try:
            body = get_organization(conn, key)
        except NotFoundError:
            raise ConfigError(
                field, f"没有这个机关：{key}（请写名称、统一社会信用代码或编号）"
            ) from None
        assert body.id is not None  # a stored body
        if not subordinates:
            return BodyScope(body, frozenset({body.id}), False)
        pairs = conn.execute(select(organizations.c.id, organizations.c.parent_id)).all()
    return BodyScope(body, subtree(((i, p) for i, p in pairs), body.id), True)


def channel_scope(context: Any, org: str | None, subordinates: bool = True) -> BodyScope | None:
    """The scope of a channel built from a :class:`~gov_disclosure.channels.ChannelContext`:
    ``org`` from its settings, else the configured body. None (everything in the catalogue)
    when no body is set and the context has no store (a channel tested on its own)."""
    if org is None and (context.engine is None or not context.organization.get("credit_code")):
        return None
    if context.engine is None:
        raise ConfigError("org", "a channel built for one body needs the store")
    return resolve_scope(
        context.engine, org, context.organization, subordinates=subordinates, field="org"
    )


def body_state(context: Any, channel: str, body: Organization) -> Any:
    """The state a channel keeps for one body's own outputs, beside its own (issue numbers of
    a body's own 公报): ``<channel>@<credit code>`` in the same store."""
    from ..store.channel_state import StoredChannelState

    if context.engine is None:
        raise ConfigError("org", "a channel built for one body needs the store")
    return StoredChannelState(context.engine, f"{channel}@{body.credit_code}")
