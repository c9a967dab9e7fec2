"""Screening an edition held in the store: the one path ``review screen ITEM``, ``review
submit`` and the Python API share (the same reader for every attachment, the same rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import Finding
from .screener import FileLocator, Screener, texts_of


@dataclass(frozen=True)
class EditionScreening:
    """What screening an edition read (field, text; None: needs a person) and found."""

    fields: tuple[tuple[str, str | None], ...]
    findings: tuple[Finding, ...]


def screen_edition(screener: Screener, edition: Any, files: FileLocator) -> EditionScreening:
    """Screen an edition's title, summary, body, tables and every attachment (read from
    ``files(sha256)``)."""
    fields = tuple(texts_of(edition, files=files))
    return EditionScreening(fields, tuple(screener.screen_fields(fields)))


def keep_numbers_of(config: Any) -> list[str]:
    """The office's own published numbers: ``[review] public_numbers`` plus the phone and fax
    of ``[organization]``. Never flagged, never masked."""
    org = config.organization
    own = [n for n in (org.phone, org.fax) if n]
    return [*config.review.public_numbers, *own]
