"""One helper that takes secrets out of text before it is stored, logged or shown.

Gateways echo requests in their error bodies (``Authorization: Bearer …``), libraries put
URLs in exception messages (``http://kiosk:密码@10.0.0.2/kiosk``): :func:`scrub` replaces
the password of every URL, every Authorization-like header or field and every
``token=``/``secret=``/``password=`` value with ``***``. Channel errors, delivery errors in
the outbox and the SMS ledger, and the kiosk's pull errors all pass through it.
"""

from __future__ import annotations

import re

MASK = "***"

_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*):(?P<pw>[^@\s/]*)@")
_AUTH_HEADER = re.compile(
    r"(?P<head>\b(?:proxy-)?authori[sz]ation\b[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<scheme>(?:bearer|basic|digest|token|acs|hmac[\w-]*)\s+)?(?P<value>[^\s\"',;}]+)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"\b(?P<head>bearer\s+)(?P<value>[A-Za-z0-9._~+/=-]{6,})", re.IGNORECASE)
_NAMED_SECRET = re.compile(
    r"(?P<head>\b[\w-]*(?:token|secret|password|passwd|api[_-]?key|accesskeysecret|signature)"
    r"[\"']?\s*[:=]\s*[\"']?)(?P<value>[^\s\"'&,;}]+)",
    re.IGNORECASE,
)


def scrub(text: str) -> str:
    """``text`` with URL passwords, Authorization values and named secrets masked."""
    if not text:
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:{MASK}@", text)
    text = _AUTH_HEADER.sub(lambda m: f"{m['head']}{m['scheme'] or ''}{MASK}", text)
    text = _BEARER.sub(lambda m: f"{m['head']}{MASK}", text)
    return _NAMED_SECRET.sub(lambda m: f"{m['head']}{MASK}", text)


def safe_url(url: str) -> str:
    """A URL fit for a message: its password, if any, masked."""
    return _URL_PASSWORD.sub(lambda m: f"{m['head']}:{MASK}@", url)
