"""Masking personal data the way Chinese notices do, so a 低保 list can be published safely.

- 身份证号 (18 or 15 digits) keep the first 4 and last 4 characters: ``3201**********1234``;
- mobile numbers keep the first 3 and last 4 digits: ``138****5678`` (``86138****5678``);
- bank cards keep the last 4 digits: ``***************1234``;
- landlines keep the area code and the last 4 digits: ``0510-****1234``;
- e-mail addresses keep the first character and the domain: ``z*******@example.com``.

Each masked form has the original's length, so the other spans of the text stay valid (and a
masked copy of a .docx can give each run its own slice back); separators, markup between the
digits and full-width digits that are kept stay as they were.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .findings import Finding
from .mask_rules import MASK, mask_value
from .personal_data import find_personal_data


def mask(text: str, keep: Collection[str] = ()) -> str:
    """``text`` with every personal datum (ID, mobile, card, landline, e-mail) masked, except
    the numbers in ``keep`` (the office's own published numbers; any written form)."""
    pieces: list[str] = []
    pos = 0
    for datum in sorted(find_personal_data(text, keep), key=lambda d: (d.start, -d.end)):
        if datum.start < pos:
            continue  # inside one already masked (a mobile number inside an e-mail address)
        pieces += [text[pos : datum.start], datum.masked]
        pos = datum.end
    pieces.append(text[pos:])
    return "".join(pieces)


def apply_suggestions(text: str, findings: Iterable[Finding]) -> str:
    """Replace each finding's match in ``text`` by its suggestion (overlaps: the first wins)."""
    pieces: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.suggestion is None or f.start < pos:
            continue
        pieces += [text[pos : f.start], f.suggestion]
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces)


__all__ = ["MASK", "apply_suggestions", "mask", "mask_value"]
