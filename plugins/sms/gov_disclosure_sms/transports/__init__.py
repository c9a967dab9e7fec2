"""Transports: ``outbox`` (a JSONL file), ``http_json`` (a generic gateway), ``aliyun``."""

from .aliyun import AliyunSettings, AliyunTransport
from .base import (
    Batch,
    GatewayRefusedError,
    Outgoing,
    RecipientResult,
    TransientGatewayError,
    Transport,
)
from .http_json import FieldMap, HttpJsonSettings, HttpJsonTransport
from .outbox import OutboxTransport

__all__ = [
    "AliyunSettings",
    "AliyunTransport",
    "Batch",
    "FieldMap",
    "GatewayRefusedError",
    "HttpJsonSettings",
    "HttpJsonTransport",
    "OutboxTransport",
    "Outgoing",
    "RecipientResult",
    "TransientGatewayError",
    "Transport",
]
