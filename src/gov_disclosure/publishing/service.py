"""The publishing service: publish when due, withdraw, repeal, run deliveries and due work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from .. import authority
from ..errors import InvalidInputError
from ..items import records
from ..kernel import Kernel
from ..models import DisclosureItem
from . import cycle, outbox, sends
from .runner import Runner

if TYPE_CHECKING:
    from ..bodies.resolve import OrgKey


class PublishingService:
    """What happens to an approved item: it goes live, is withdrawn or repealed, delivered."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel

    def publish_if_due(self, conn: Connection, item: DisclosureItem, actor: str) -> DisclosureItem:
        """approved → published, inside the caller's transaction (unless scheduled later)."""
        return cycle.publish_if_due(self.kernel, conn, item, actor)

    def require_final_stage_role(
        self, conn: Connection, actor: str, action: authority.Action, reason: str
    ) -> None:
        """撤回 and 废止 need the authority for them, and a reason."""
        authority.require(conn, self.kernel.policy, actor, action)
        if not reason.strip():
            raise InvalidInputError("reason", f"{action.label}需要理由 a reason is required")

    def withdraw(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        """撤回 from every channel that has the item."""
        with self.kernel.action(actor) as conn:
            self.require_final_stage_role(conn, actor, authority.Action.ITEM_WITHDRAW, reason)
            item_id = records.get_item(conn, key).id
            return outbox.withdraw(conn, item_id, actor, reason, now=self.kernel.utc_now())

    def repeal(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        """已废止: kept in the catalogue, marked, on every channel that has it."""
        with self.kernel.action(actor) as conn:
            self.require_final_stage_role(conn, actor, authority.Action.ITEM_REPEAL, reason)
            item_id = records.get_item(conn, key).id
            return outbox.repeal(conn, item_id, actor, reason, now=self.kernel.utc_now())

    def authorize_send(
        self,
        channel: str,
        actor: str,
        item: int | str | None = None,
        *,
        emergency: str | None = None,
        quiet_hours: Any = None,
    ) -> sends.SendPermit:
        """Check (role, live edition, quiet hours) and audit a send outside the pipeline
        (:func:`gov_disclosure.publishing.sends.authorize_send`)."""
        return sends.authorize_send(
            self.kernel, channel, actor, item, emergency=emergency, quiet_hours=quiet_hours
        )

    def record_send(self, permit: sends.SendPermit, outcome: dict[str, Any]) -> None:
        """Audit the outcome of an authorised send."""
        sends.record_send(self.kernel, permit, outcome)

    def anchor_audit(self) -> Any:
        """Append the audit log's head to the anchor journal (after deliveries)."""
        return self.kernel.anchor_audit()

    def runner(self, worker: str = "local") -> Runner:
        """A delivery runner named ``worker`` over the enabled channels."""
        return cycle.make_runner(self.kernel, worker)

    def deliveries(self, org: OrgKey | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Outbox rows (:func:`gov_disclosure.publishing.listing.list_deliveries`), of the
        items of body ``org`` when given."""
        from ..bodies.resolve import org_id_of
        from .listing import list_deliveries

        with self.kernel.store.engine.connect() as conn:
            return list_deliveries(conn, org_id=org_id_of(conn, org), **filters)

    def run(self, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
        """All due work once (:func:`gov_disclosure.publishing.cycle.run_due_work`)."""
        return cycle.run_due_work(self.kernel, progress)
