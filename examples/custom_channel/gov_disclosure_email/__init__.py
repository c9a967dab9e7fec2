"""gov-disclosure-email: a third-party gov-disclosure plugin sending e-mail through SMTP.

Two hooks: ``register_channels`` hands the core :class:`EmailChannel` (``[channels.email]``),
and ``notify_responsible`` mails supervision reminders to the responsible people.
This module is what the ``gov_disclosure`` entry point ``email`` names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gov_disclosure import hookimpl

from .channel import EmailChannel, active_channel
from .settings import EmailSettings

__version__ = "0.1.0"


@hookimpl
def register_channels(register: Callable[[type[EmailChannel]], None]) -> None:
    register(EmailChannel)


@hookimpl
def notify_responsible(unit: str, obligations: Sequence[Any], recipients: Sequence[Any]) -> None:
    """Mail the reminder through the e-mail channel the core built (inert without one).

    ``recipients`` are :class:`gov_disclosure.models.Actor` records (their ``email`` is used);
    each obligation is read through ``description``, ``due`` and ``why`` when it has them,
    otherwise as ``str(obligation)``. A failure raises :class:`ChannelError`.
    """
    channel = active_channel()
    if channel is not None:
        channel.remind(unit, obligations, recipients)


__all__ = ["EmailChannel", "EmailSettings", "notify_responsible", "register_channels"]
