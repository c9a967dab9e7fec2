"""Alibaba Cloud RPC request signing (签名机制, SignatureVersion 1.0, HMAC-SHA1).

Per the published steps: sort the parameters (all but ``Signature``) by name; percent-encode
names and values as UTF-8 per RFC 3986 (``A-Z a-z 0-9 - _ . ~`` kept, space as ``%20``, ``*``
as ``%2A``); join ``name=value`` with ``&``; ``StringToSign = METHOD & %2F & encode(query)``;
``Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Alibaba Cloud requires it."""
    return quote(value, safe="-_.~")


def canonical_query(params: Mapping[str, str]) -> str:
    """The sorted, encoded ``name=value&…`` string (without ``Signature``)."""
    return "&".join(
        f"{percent_encode(k)}={percent_encode(v)}"
        for k, v in sorted(params.items())
        if k != "Signature"
    )


def string_to_sign(method: str, params: Mapping[str, str]) -> str:
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"


def signature(params: Mapping[str, str], secret: str, method: str = "POST") -> str:
    """The ``Signature`` parameter's value (before it is itself URL-encoded)."""
    digest = hmac.new(
        f"{secret}&".encode(), string_to_sign(method, params).encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")
