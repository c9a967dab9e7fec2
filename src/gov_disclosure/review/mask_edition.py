"""A masked edition: the same edition with personal data masked in every text and attachment.

The masked attachments are new files in the office's file store (each in its own format, see
:mod:`.masked_copy`); the originals stay there, referenced by the earlier edition, and never
reach an output. Used by ``review mask ITEM`` (:meth:`App.mask_item`) and when a personal-data
block was overridden without a clear-publish approval (:mod:`.publication`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..models import Attachment, DataTable, DisclosureItem, EditionDraft
from ..store.blobs import BlobStore
from .limits import UnreadableDocumentError
from .masked_copy import MASKABLE_SUFFIXES, mask_file, masked_name
from .masking import mask
from .personal_data import find_personal_data
from .readers import ManualReviewNeeded
from .xls_copy import XLSX_FALLBACK_NOTE


@dataclass(frozen=True)
class MaskedDraft:
    """The masked draft and what changed: fields and attachment names, and how many data;
    ``notes`` for the user (an ``.xls`` copied as ``.xlsx`` without LibreOffice)."""

    draft: EditionDraft
    changed: tuple[str, ...]
    masked: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MaskedEdition:
    """The item after ``review mask``, and what was masked: the names of the changed fields
    and attachments (``body``, ``attachment:低保名单.xlsx``) and how many personal data."""

    item: DisclosureItem
    changed: tuple[str, ...]
    masked: int
    notes: tuple[str, ...] = ()


def masked_draft(edition: Any, blobs: BlobStore, keep: Collection[str] = ()) -> MaskedDraft:
    """``edition`` (an Edition or EditionDraft) with its personal data masked."""
    changed: list[str] = []
    count = 0
    values: dict[str, Any] = {}
    for name in ("title", "summary", "body", "objection_contact"):
        text = getattr(edition, name) or ""
        masked = mask(text, keep)
        if masked != text:
            values[name] = masked
            changed.append(name)
            count += len(find_personal_data(text, keep))
    tables = tuple(_masked_table(t, keep) for t in edition.tables)
    for old, new in zip(edition.tables, tables, strict=True):
        if new != old:
            changed.append(f"table:{old.caption}")
            count += 1
    attachments: list[Attachment] = []
    with tempfile.TemporaryDirectory(prefix="masked-") as tmp:
        for att in edition.attachments:
            copy, found = _masked_attachment(att, blobs, Path(tmp), keep)
            if found:
                changed.append(f"attachment:{att.name}")
                count += found
            attachments.append(copy)
    data = EditionDraft.model_validate(
        {
            **{k: getattr(edition, k) for k in EditionDraft.model_fields},
            **values,
            "tables": tables,
            "attachments": tuple(attachments),
        }
    )
    notes = [XLSX_FALLBACK_NOTE] if _xls_became_xlsx(edition.attachments, attachments) else []
    return MaskedDraft(data, tuple(changed), count, tuple(notes))


def _xls_became_xlsx(before: Sequence[Attachment], after: Sequence[Attachment]) -> bool:
    return any(
        a.name.lower().endswith(".xls") and b.name.lower().endswith(".xlsx")
        for a, b in zip(before, after, strict=True)
    )


def _masked_table(table: DataTable, keep: Collection[str]) -> DataTable:
    def cell(value: str | Decimal) -> str | Decimal:
        return mask(value, keep) if isinstance(value, str) else value

    return table.model_copy(
        update={
            "caption": mask(table.caption, keep),
            "columns": [mask(c, keep) for c in table.columns],
            "rows": [[cell(v) for v in row] for row in table.rows],
            "total": [cell(v) for v in table.total] if table.total else table.total,
        }
    )


def _masked_attachment(
    att: Attachment, blobs: BlobStore, tmp: Path, keep: Collection[str]
) -> tuple[Attachment, int]:
    """The masked copy of ``att`` (stored) and how many data it masked; ``att`` and 0 when
    there is nothing to mask or nothing can mask it."""
    source = blobs.open_path(att.sha256)
    target = tmp / f"{att.sha256}{Path(masked_name(att.name)).suffix}"
    try:
        copy = mask_file(source, target, name=att.name, keep=keep)
    except ManualReviewNeeded:
        return att, 0  # a scan: screening blocks it until a person has looked
    except UnreadableDocumentError as exc:
        if Path(att.name).suffix.lower() not in MASKABLE_SUFFIXES:
            return att, 0  # a format nothing can mask (an image): screening blocks it
        raise exc
    if copy.masked == 0:
        return att, 0
    return blobs.put(copy.path, copy.name), copy.masked
