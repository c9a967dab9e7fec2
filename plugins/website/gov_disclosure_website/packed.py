"""An item page's record in the build manifest, packed small while a full build holds one
for every item."""

from __future__ import annotations

from array import array
from typing import Any

from gov_disclosure.channels import safe_slug

Record = dict[str, Any]

_FIELDS = (
    "column",
    "digest",
    "files",
    "id",
    "links",
    "org",
    "published_on",
    "shards",
    "slug",
    "topic",
)


class PackedRecord:
    """An item page's record as a full build keeps it: the fields in slots, the token shards
    as bytes and no slug string when it is the 索引号's own; a third of the record dict's
    memory (:meth:`Manifest.item` gives the dict back)."""

    __slots__ = (*_FIELDS, "index_no")
    shards: Any  # bytes of 16-bit numbers when given an array
    slug: str | None

    def __init__(self, index_no: str, record: Record) -> None:
        self.index_no = index_no
        for name in _FIELDS:
            setattr(self, name, record[name])
        if isinstance(self.shards, array):
            self.shards = self.shards.tobytes()
        if self.slug == safe_slug(index_no):
            self.slug = None  # made again when asked

    def as_dict(self) -> Record:
        record = {name: getattr(self, name) for name in _FIELDS}
        if isinstance(self.shards, bytes):
            record["shards"] = shards = array("H")
            shards.frombytes(self.shards)
        if self.slug is None:
            record["slug"] = safe_slug(self.index_no)
        return record


PACKED = frozenset(_FIELDS)
"""The fields of an item page's record."""


def plain(value: Any) -> Any:
    """JSON for what the records hold besides JSON types: 16-bit arrays of token shards,
    packed records."""
    return value.as_dict() if isinstance(value, PackedRecord) else list(value)
