"""What names a send and its recipients: the statuses, the send key and the per-recipient ref."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """A recipient's status for one send."""

    PENDING = "pending"
    SENDING = "sending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FAILED = "failed"
    UNKNOWN = "unknown"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"


SENDABLE = (Status.PENDING, Status.FAILED)
SETTLED_BY_GATEWAY = (Status.ACCEPTED, Status.DELIVERED, Status.UNDELIVERED)
SETTLED_BY_RECEIPT = (Status.DELIVERED, Status.UNDELIVERED)


@dataclass(frozen=True)
class SendKey:
    """What a send is for; ``idem_key`` is unique per (edition, action)."""

    index_no: str
    edition: int
    action: str = "publish"

    @property
    def idem_key(self) -> str:
        return f"{self.index_no}@{self.edition}/{self.action}"


def recipient_ref(idem_key: str, number: str) -> str:
    """Stable per (edition, number): the same ref on every retry and rerun."""
    return hashlib.sha256(f"{idem_key}|{number}".encode()).hexdigest()[:24]
