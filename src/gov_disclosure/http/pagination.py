"""Opaque cursors for list endpoints: clients pass ``next_cursor`` back, never build one."""

from __future__ import annotations

import base64
import binascii
import json

from ..errors import InvalidInputError

_MAX_OFFSET = 10_000_000


def encode_cursor(offset: int) -> str:
    raw = json.dumps({"o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The position a cursor stands for (0 for none); a forged or damaged one is a 422."""
    if not cursor:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = data["o"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise InvalidInputError("cursor", "a next_cursor value from a previous page") from None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= _MAX_OFFSET:
        raise InvalidInputError("cursor", "a next_cursor value from a previous page")
    return offset
