"""Sends outside the pipeline (``sms send``, ``bulletin issue``, ``kiosk sync``, ``website
rebuild``): the same checks for the core's commands and for every plugin.

A plugin asks :func:`authorize_send` (``App.authorize_send``) before it sends and gets a
:class:`SendPermit` carrying the edition it may send: always the item's *live*, reviewed
edition, never a draft or an edition still in review. The actor must hold a role allowed to
send; inside quiet hours (免打扰时段) the send is refused unless an emergency reason is given
(预警); the permit, or the refusal, is written to the audit log. ``record_send`` adds the
outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from .. import audit
from ..authority import Action, item_action_legal, require
from ..channels import PublishedEdition
from ..errors import IllegalTransitionError, PermissionDeniedError
from ..i18n import N_
from ..items import records
from ..models import Actor
from .views import edition_view

if TYPE_CHECKING:
    from ..kernel import Kernel


class QuietWindow(Protocol):
    """Anything with ``contains(moment)`` (the SMS channel's ``QuietHours``)."""

    def contains(self, moment: datetime) -> bool: ...


@dataclass(frozen=True)
class SendPermit:
    """What was authorised: who sends, on which channel, which live edition (None for a
    rebuild from the whole live catalogue), and the emergency reason, if any."""

    actor: Actor
    channel: str
    edition: PublishedEdition | None
    emergency: str | None
    audit_seq: int


def authorize_send(
    app: Kernel,
    channel: str,
    actor: str,
    item: int | str | None = None,
    *,
    emergency: str | None = None,
    quiet_hours: QuietWindow | None = None,
) -> SendPermit:
    """Check and audit a send outside the pipeline; a refusal raises and is audited."""
    reason = (emergency or "").strip() or None
    subject = f"channel:{channel}"
    with app.action(actor) as conn:
        person = require(conn, app.policy, actor, Action.CHANNEL_SEND)
        edition = None
        if item is not None:
            found = records.get_item(conn, item)
            has_live = found.live_edition is not None
            if not item_action_legal(Action.CHANNEL_SEND, found.state, has_live=has_live):
                raise IllegalTransitionError(
                    f"item {found.index_no}",
                    found.state.value,
                    "send (只能发送已审核发布的版本 only a live, reviewed edition is sent)",
                )
            edition = edition_view(conn, found.id, found.live_edition, app.blobs)
            subject = f"item:{found.id}"
        now = app.clock()
        if quiet_hours is not None and quiet_hours.contains(now) and reason is None:
            raise PermissionDeniedError(
                actor,
                f"{Action.CHANNEL_SEND.value} {channel}",
                N_(
                    "quiet hours: only an emergency send with a reason (--emergency REASON)"
                    " goes out now"
                ),
                kind="quiet_hours",
            )
        payload: dict[str, Any] = {"channel": channel, "emergency": reason}
        if edition is not None:
            payload |= {"index_no": edition.index_no, "edition": edition.edition}
        seq = audit.append(conn, person.id, "channel.send", subject, payload)
    return SendPermit(person, channel, edition, reason, seq)


def record_send(app: Kernel, permit: SendPermit, outcome: dict[str, Any]) -> None:
    """Audit what the authorised send did (counts, paths, the idempotency key …)."""
    subject = f"item:{permit.edition.item_id}" if permit.edition else f"channel:{permit.channel}"
    with app.store.transaction() as conn:
        audit.append(
            conn,
            permit.actor.id,
            "channel.sent",
            subject,
            {"channel": permit.channel, "permit": permit.audit_seq, **outcome},
        )
