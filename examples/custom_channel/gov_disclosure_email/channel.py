"""``EmailChannel``: each published, updated or withdrawn public item as an e-mail.

Deliveries are at least once, so the channel remembers the Message-IDs it has sent (in its
:class:`~gov_disclosure.channels.ChannelState`) and answers a repeat with the first receipt
instead of a second e-mail. A crash between sending and remembering can still send twice;
the repeat then carries the same Message-ID, which mail clients recognise.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from email.headerregistry import Address
from typing import Any

from gov_disclosure.channels import (
    Action,
    Channel,
    ChannelContext,
    PublishedEdition,
    Receipt,
)
from gov_disclosure.errors import ConfigError

from . import compose, smtp
from .settings import EmailSettings

log = logging.getLogger(__name__)


class EmailChannel(Channel):
    """Sends public items to a list of addresses through an SMTP server."""

    name = "email"
    Settings = EmailSettings
    description = "电子邮件推送（SMTP）"

    def __init__(self, settings: EmailSettings, context: ChannelContext) -> None:  # type: ignore[override]
        super().__init__(settings, context)
        self.settings: EmailSettings = settings
        if settings.username and not settings.password_env:
            raise ConfigError("channels.email.password_env", "required when username is set")
        if settings.password_env and settings.password_env not in os.environ:
            raise ConfigError(
                "channels.email.password_env",
                f"environment variable {settings.password_env} is not set",
            )
        org = context.organization
        self.org_name = str(org.get("name") or "")
        short = org.get("short_name") or self.org_name
        self.prefix = (
            settings.subject_prefix
            if settings.subject_prefix is not None
            else f"【{short}政务公开】"
        )
        self.link_base = settings.link_base or context.site.get("base_url") or None
        self.domain = settings.sender.rpartition("@")[2]
        self.from_address = Address(
            display_name=settings.sender_name or self.org_name, addr_spec=settings.sender
        )

    # --- the channel contract -----------------------------------------------------------

    def accepts(self, edition: PublishedEdition) -> bool:
        """Public proactive items (the base rule), when configured, in the chosen 栏目 only."""
        if not (self.settings.configured and self.settings.recipients):
            return False
        if self.settings.columns and edition.column not in self.settings.columns:
            return False
        return super().accepts(edition)

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._send_item(edition, Action.PUBLISH, "publish", None)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        return self._send_item(edition, Action.UPDATE, "update", previous)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return self._send_item(edition, Action.WITHDRAW, "withdraw", previous, reason)

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """A 公示期 ending needs no e-mail: the item stays where the readers' mail is."""
        return Receipt(channel=self.name, action=Action.EXPIRE, details={"sent": False})

    # --- reminders (the notify_responsible hook) ----------------------------------------

    def remind(
        self, unit: str, obligations: Sequence[Any], recipients: Sequence[Any]
    ) -> tuple[str, list[str]] | None:
        """Mail one reminder to the recipients' addresses; returns its Message-ID and the
        addresses (None when nothing was mailed)."""
        to = list(dict.fromkeys(r.email for r in recipients if getattr(r, "email", None)))
        if not self.settings.configured or not to or not obligations:
            log.info("no reminder mailed to %s: no server, no address or nothing owed", unit)
            return None
        letter = compose.reminder_letter(unit, obligations, self.prefix)
        when = self.context.now()
        msg_id = compose.reminder_id(unit, letter.lines, to, when.date(), self.domain)
        message = compose.build_message(
            letter, sender=self.from_address, msg_id=msg_id, when=when, org_name=self.org_name
        )
        smtp.send(self.settings, self._password(), message, to)
        log.info("reminder %s mailed to %d address(es) of %s", msg_id, len(to), unit)
        return msg_id, to

    # --- internals ----------------------------------------------------------------------

    def _send_item(
        self,
        edition: PublishedEdition,
        action: Action,
        kind: str,
        previous: Receipt | None,
        reason: str = "",
    ) -> Receipt:
        kind = compose.mail_action(kind, edition)
        msg_id = compose.message_id(edition, kind, self.domain)
        sent = self.context.state.get(f"sent:{msg_id}")
        if sent is not None:
            log.info("%s already sent; not sending it again", msg_id)
            return Receipt(
                channel=self.name,
                action=action,
                location=sent.get("location"),
                message_ids=(msg_id,),
                details={**sent, "repeat": True},
            )
        link = self._link(edition) if kind != "withdraw" else None
        letter = compose.item_letter(edition, kind, self.prefix, link, reason)
        headers = {
            "X-Gov-Disclosure-Index": edition.index_no,
            "X-Gov-Disclosure-Action": kind,
            "X-Gov-Disclosure-Edition": str(edition.edition),
        }
        if previous is not None and previous.message_ids:
            headers["In-Reply-To"] = previous.message_ids[0]
            headers["References"] = " ".join(previous.message_ids)
        message = compose.build_message(
            letter,
            sender=self.from_address,
            msg_id=msg_id,
            when=self.context.now(),
            org_name=self.org_name,
            headers=headers,
        )
        refused = smtp.send(self.settings, self._password(), message, self.settings.recipients)
        record = {
            "location": link,
            "recipients": len(self.settings.recipients) - len(refused),
            "refused": refused,
        }
        self.context.state.set(f"sent:{msg_id}", record)
        return Receipt(
            channel=self.name,
            action=action,
            location=link,
            message_ids=(msg_id,),
            details=record,
        )

    def _link(self, edition: PublishedEdition) -> str | None:
        if not self.link_base:
            return None
        return f"{self.link_base.rstrip('/')}/items/{edition.slug}.html"

    def _password(self) -> str | None:
        name = self.settings.password_env
        return os.environ.get(name) if name else None
