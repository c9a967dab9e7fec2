"""What every transport does: send one batch of recipients one message, say who was accepted."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from gov_disclosure.errors import ChannelError

from ..messages import Message


class Outgoing(NamedTuple):
    """One recipient of a batch: the number and our stable reference for (edition, number).

    (Recipients and results are named tuples: a county-wide send makes hundreds of thousands.)
    """

    number: str
    ref: str


@dataclass(frozen=True)
class Batch:
    """One gateway request: a message for some recipients; ``key`` is stable across retries."""

    key: str
    message: Message
    recipients: Sequence[Outgoing]


class RecipientResult(NamedTuple):
    """The gateway's answer for one recipient: accepted (True), rejected (False) or unknown."""

    ref: str
    accepted: bool | None
    message_id: str | None = None
    error: str | None = None


class TransientGatewayError(ChannelError):
    """5xx, 429, a timeout or a broken connection: worth retrying the same batch."""

    def __init__(self, problem: str) -> None:
        super().__init__("sms", problem, retryable=True)


class GatewayRefusedError(ChannelError):
    """The gateway refused the whole batch (4xx: credentials, template, request): no retry."""

    def __init__(self, problem: str) -> None:
        super().__init__("sms", problem, retryable=False)


class Transport(ABC):
    """A way to reach handsets. ``max_batch`` is the most recipients one request may carry."""

    name: ClassVar[str]
    max_batch: int = 1000
    sends_for_real: ClassVar[bool] = True

    @abstractmethod
    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        """Send one batch; raise TransientGatewayError or GatewayRefusedError on failure."""

    def close(self) -> None:  # noqa: B027 - optional
        """Release connections."""
