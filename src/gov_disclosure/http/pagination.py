"""Opaque keyset cursors for the catalogue: clients pass ``next_cursor`` back, never build one.

A cursor holds the position of the last row of the page it ends, its sort key
(``published_on``, ``id``), not a row count, so rows added or removed while a client pages
neither skip nor repeat rows; and a digest of the query's filters, so a cursor given with
other filters is refused instead of answering a page of another list. It is URL-safe base64
of compact JSON. It carries no rights: every page applies the token's rights and the filters
again, so a cursor need not be signed; a damaged one is a 422 on ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..errors import InvalidInputError

_RULE = "a next_cursor value from a previous page of the same query"


def filters_digest(filters: Mapping[str, Any]) -> str:
    """A short digest of the query's filters (what a cursor belongs to)."""
    text = json.dumps(sorted((k, v) for k, v in filters.items() if v is not None), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode_cursor(on: date | None, row_id: int, filters: Mapping[str, Any]) -> str:
    """The cursor after the row ``(published_on, id)`` of the query with ``filters``."""
    data = {"p": on.isoformat() if on else None, "i": row_id, "f": filters_digest(filters)}
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, filters: Mapping[str, Any]) -> tuple[date | None, int] | None:
    """The ``(published_on, id)`` a cursor continues after (``None`` for the first page)."""
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        on, row_id, digest = data["p"], data["i"], data["f"]
        day = date.fromisoformat(on) if on is not None else None
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise InvalidInputError("cursor", _RULE) from None
    if not isinstance(row_id, int) or isinstance(row_id, bool) or row_id < 1:
        raise InvalidInputError("cursor", _RULE)
    if digest != filters_digest(filters):
        raise InvalidInputError("cursor", _RULE)
    return day, row_id
