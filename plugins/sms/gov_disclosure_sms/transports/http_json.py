"""A generic HTTP JSON gateway: POST ``{messages: [{to, text, ref}, ...]}``, read per-recipient
results. Field names on both sides are configurable (``fields``).

Request body (default names)::

    {"messages": [{"to": "13812345678", "text": "【…】…", "ref": "…"}], ...extra}

Response: ``{"results": [{"ref": "…", "to": "…", "status": "accepted", "id": "…",
"error": null}]}``; a recipient missing from the results is "unknown" (never resent blindly).
5xx, 429, timeouts and broken connections raise :class:`TransientGatewayError` (the sender
retries the same batch with the same refs, so a gateway deduplicating on ``ref`` never sends
twice); other 4xx raise :class:`GatewayRefusedError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import requests
from pydantic import BaseModel, ConfigDict, Field

from .base import Batch, GatewayRefusedError, RecipientResult, TransientGatewayError, Transport
from .secrets import read_secret


class FieldMap(BaseModel):
    """Names of the gateway's JSON fields."""

    model_config = ConfigDict(extra="forbid")

    messages: str = "messages"
    to: str = "to"
    text: str = "text"
    ref: str = "ref"
    results: str = "results"
    result_ref: str = "ref"
    result_to: str = "to"
    result_id: str = "id"
    result_status: str = "status"
    result_error: str = "error"
    accepted_values: list[str] = Field(default_factory=lambda: ["accepted", "queued", "ok", "sent"])


class HttpJsonSettings(BaseModel):
    """``[channels.sms.http]``: where the gateway is and how to authenticate."""

    model_config = ConfigDict(extra="forbid")

    url: str
    auth_header: str = "Authorization"
    auth_prefix: str = "Bearer "
    token_env: str | None = None
    token_file: Path | None = None
    batch_size: int = Field(500, ge=1, le=100_000)
    timeout_seconds: float = Field(10.0, gt=0)
    fields: FieldMap = Field(default_factory=FieldMap)
    extra: dict[str, Any] = Field(default_factory=dict, description="static fields added to bodies")


def build_body(batch: Batch, fields: FieldMap, extra: dict[str, Any] | None = None) -> dict:
    """The JSON body for one batch (the outbox writes exactly this)."""
    items = [
        {fields.to: r.number, fields.text: batch.message.text, fields.ref: r.ref}
        for r in batch.recipients
    ]
    return {**(extra or {}), fields.messages: items}


def encode_body(batch: Batch, fields: FieldMap, extra: dict[str, Any] | None = None) -> bytes:
    """:func:`build_body` as UTF-8 JSON. Every recipient gets the same text, so it is encoded
    once and each item is put together around it (numbers and refs are letters and digits,
    which JSON takes as they are; anything else goes through ``json.dumps``)."""
    extra = extra or {}
    numbers = "".join([r.number for r in batch.recipients])
    refs = "".join([r.ref for r in batch.recipients])
    plain = (numbers + refs).isascii() and (numbers + refs).isalnum()
    if not plain or fields.messages in extra or not batch.recipients:
        return json.dumps(build_body(batch, fields, extra), ensure_ascii=False).encode()
    key = partial(json.dumps, ensure_ascii=False)
    text = key(batch.message.text)
    head = "{" + key(fields.to) + ':"'
    middle = '",' + key(fields.text) + ":" + text + "," + key(fields.ref) + ':"'
    items = ",".join([head + r.number + middle + r.ref + '"}' for r in batch.recipients])
    static = key(extra)[1:-1] + "," if extra else ""
    return ("{" + static + key(fields.messages) + ":[" + items + "]}").encode()


def parse_results(batch: Batch, payload: Any, fields: FieldMap) -> list[RecipientResult]:
    """Per-recipient results, matched on ref (or number); absent recipients are unknown."""
    rows = payload.get(fields.results) if isinstance(payload, dict) else payload
    if not isinstance(rows, list):
        raise TransientGatewayError(f"gateway answer has no '{fields.results}' list")
    sent = batch.recipients
    read = _reader(fields)
    ref_key = fields.result_ref
    if len(rows) == len(sent):  # most gateways answer in request order: no lookups needed
        in_order = [
            read(r.ref, row)
            for row, r in zip(rows, sent, strict=True)
            if type(row) is dict and row.get(ref_key) == r.ref
        ]
        if len(in_order) == len(sent):
            return in_order
    by_ref = {r.ref: r for r in sent}
    by_number: dict[str, str] | None = None  # built only for answers that omit the ref
    found: dict[str, RecipientResult] = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        ref = row.get(ref_key)
        if ref not in by_ref:
            if by_number is None:
                by_number = {r.number: r.ref for r in sent}
            ref = by_number.get(str(row.get(fields.result_to, "")))
            if ref is None:
                continue
        found[ref] = read(ref, row)
    return [found.get(r.ref) or RecipientResult(r.ref, None, error="not in answer") for r in sent]


def _reader(fields: FieldMap) -> Callable[[str, dict[str, Any]], RecipientResult]:
    """A function reading one answer row for one ref."""
    accepted = {v.lower() for v in fields.accepted_values}
    id_key, status_key, error_key = fields.result_id, fields.result_status, fields.result_error

    def read(ref: str, row: dict[str, Any]) -> RecipientResult:
        status = row.get(status_key, "")
        status = (status if type(status) is str else str(status)).lower()
        message_id = row.get(id_key)
        if type(message_id) is not str:
            message_id = str(message_id) if message_id else None
        elif not message_id:
            message_id = None
        if status in accepted:
            return RecipientResult(ref, True, message_id)
        error = str(row.get(error_key) or status or "rejected")[:200]
        return RecipientResult(ref, False, message_id, error)

    return read


JSON_UTF8 = {"Content-Type": "application/json; charset=utf-8"}


class HttpJsonTransport(Transport):
    """POSTs batches to a JSON gateway with ``requests`` (one kept-alive session)."""

    name: ClassVar[str] = "http_json"

    def __init__(self, settings: HttpJsonSettings) -> None:
        self.settings = settings
        self.max_batch = settings.batch_size
        self.session = requests.Session()
        if settings.token_env or settings.token_file:
            token = read_secret("channels.sms.http.token", settings.token_env, settings.token_file)
            self.session.headers[settings.auth_header] = f"{settings.auth_prefix}{token}"

    def send_batch(self, batch: Batch) -> list[RecipientResult]:
        body = encode_body(batch, self.settings.fields, self.settings.extra)
        try:
            answer = self.session.post(
                self.settings.url,
                data=body,
                headers=JSON_UTF8,
                timeout=self.settings.timeout_seconds,
            )
        except requests.Timeout:
            raise TransientGatewayError("gateway timed out") from None
        except requests.ConnectionError as exc:
            raise TransientGatewayError(f"connection failed: {type(exc).__name__}") from None
        if answer.status_code >= 500 or answer.status_code == 429:
            raise TransientGatewayError(f"gateway answered HTTP {answer.status_code}")
        if answer.status_code >= 400:
            raise GatewayRefusedError(f"gateway refused the batch: HTTP {answer.status_code}")
        try:
            payload = answer.json()
        except ValueError:
            raise TransientGatewayError("gateway answer is not JSON") from None
        return parse_results(batch, payload, self.settings.fields)

    def close(self) -> None:
        self.session.close()
