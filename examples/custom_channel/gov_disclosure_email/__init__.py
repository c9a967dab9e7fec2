"""gov-disclosure-email: a third-party gov-disclosure plugin sending e-mail through SMTP.

Three hooks: ``register_channels`` hands the core :class:`EmailChannel` (``[channels.email]``),
``notify_responsible`` mails supervision reminders to the responsible people and answers with
a receipt, and ``after_delivery`` writes one log line per e-mail delivery (what went where).
This module is what the ``gov_disclosure`` entry point ``email`` names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from gov_disclosure import hookimpl
from gov_disclosure.channels import Action, Channel, PublishedEdition, Receipt
from gov_disclosure.models import Actor
from gov_disclosure.supervision import Obligation

from .channel import EmailChannel
from .settings import EmailSettings

__version__ = "0.1.0"
log = logging.getLogger("gov_disclosure_email.deliveries")


@hookimpl
def register_channels(register: Callable[[type[EmailChannel]], None]) -> None:
    register(EmailChannel)


@hookimpl
def notify_responsible(
    unit: str,
    obligations: Sequence[Obligation],
    recipients: Sequence[Actor],
    channels: Mapping[str, Channel],
) -> Receipt | None:
    """Mail the reminder through the e-mail channel the core built.

    Returns the receipt (the Message-ID) when a mail went out; ``None`` without an enabled,
    configured channel or without any address, so the core records the reminder as not sent.
    A failure raises :class:`ChannelError`.
    """
    channel = channels.get(EmailChannel.name)
    if not isinstance(channel, EmailChannel):
        return None
    sent = channel.remind(unit, obligations, recipients)
    if sent is None:
        return None
    msg_id, to = sent
    return Receipt(
        channel=EmailChannel.name,
        action=Action.REMIND,
        message_ids=(msg_id,),
        details={"unit": unit, "recipients": len(to)},
    )


@hookimpl
def after_delivery(edition: PublishedEdition, receipt: Receipt, action: Action) -> None:
    """One line per e-mail delivery in the ``gov_disclosure_email.deliveries`` log."""
    if receipt.channel != EmailChannel.name:
        return
    if receipt.details.get("repeat"):
        log.info("%s %s: already mailed as %s", edition.index_no, action, receipt.message_ids)
        return
    log.info(
        "%s %s (edition %d) mailed to %s recipient(s) as %s",
        edition.index_no,
        action,
        edition.edition,
        receipt.details.get("recipients", "?"),
        ", ".join(receipt.message_ids) or "-",
    )


__all__ = [
    "EmailChannel",
    "EmailSettings",
    "after_delivery",
    "notify_responsible",
    "register_channels",
]
