"""The outbox: writes exactly what the HTTP JSON gateway would receive to a JSONL file.

Nothing reaches a handset. The demo and dry runs use it; every recipient is "accepted" with a
message id ``outbox:<ref>``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from gov_disclosure.files import PRIVATE, append_line

from .base import Batch, RecipientResult, Transport
from .http_json import FieldMap, build_body


class OutboxTransport(Transport):
    """Appends one JSON line per batch to ``path`` (created 0600; a link there is refused)."""

    name: ClassVar[str] = "outbox"
    sends_for_real: ClassVar[bool] = False

    def __init__(
        self,
        path: Path | str,
        fields: FieldMap | None = None,
        extra: dict[str, Any] | None = None,
        batch_size: int = 1000,
    ) -> None:
        self.path = Path(path)
        self.fields = fields or FieldMap()
        self.extra = extra or {}
        self.max_batch = batch_size

    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        line = json.dumps(build_body(batch, self.fields, self.extra), ensure_ascii=False)
        append_line(self.path, line, mode=PRIVATE)  # phone numbers: owner only, no links
        return [RecipientResult(r.ref, True, f"outbox:{r.ref}") for r in batch.recipients]
