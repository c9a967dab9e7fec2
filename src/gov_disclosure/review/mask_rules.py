"""How one personal datum is masked (its kind decides what stays in clear).

Kept apart from :mod:`.masking` (which finds the data in a text first), so that
:mod:`.personal_data` can suggest masked forms without importing the finder back.
"""

from __future__ import annotations

import re

MASK = "*"
MARKUP = re.compile(r"<[^<>]*>|&nbsp;|&#160;")
"""Markup tags and the space entities that may split a number inside a text."""
_SIGNIFICANT = frozenset("0123456789０１２３４５６７８９XxＸｘ")


def mask_value(kind: str, value: str) -> str:
    """The masked form of one datum of ``kind`` (a :class:`~.personal_data.DataKind` value)."""
    if kind == "email":
        local, at, domain = value.rpartition("@") if "@" in value else value.rpartition("＠")
        return local[:1] + MASK * (len(local) - 1) + at + domain
    if kind == "credit_code_sole_trader":  # keep the area (2-8) and the check character
        return value[:8] + MASK * (len(value) - 9) + value[-1:]
    if value.isascii() and value.isalnum():  # the common case: digits only, nothing between
        head, tail = _head_tail(kind, value, len(value))
        return value[:head] + MASK * (len(value) - head - tail) + value[len(value) - tail :]
    significant = sum(ch in _SIGNIFICANT for ch in _without_markup(value))
    head, tail = _head_tail(kind, value, significant)
    return _keep(value, head, tail, significant)


def _head_tail(kind: str, value: str, significant: int) -> tuple[int, int]:
    """How many significant characters stay in clear at the start and at the end."""
    if kind.startswith("resident_id"):  # 18 or 15 digits, valid or suspect
        return 4, 4
    if kind == "mobile":
        return significant - 8, 4
    if kind == "landline":
        return _area_code_length(value), 4
    return 0, 4  # bank_card, and anything unknown: keep only the last 4


def _without_markup(value: str) -> str:
    if "<" not in value and "&" not in value:
        return value
    return strip_markup(value)


def strip_markup(value: str) -> str:
    """``value`` without markup tags and the space entities that may split a number."""
    return MARKUP.sub("", value)


def _area_code_length(value: str) -> int:
    digits = [ch for ch in _without_markup(value) if ch in _SIGNIFICANT]
    return 3 if digits[1] in "12１２" else 4


def _keep(value: str, head: int, tail: int, significant: int) -> str:
    out: list[str] = []
    seen = 0
    closer = ""  # inside markup (``<…>``) or an entity (``&…;``) until this character
    for ch in value:
        if closer:
            closer = "" if ch == closer else closer
            out.append(ch)
        elif ch in "<&":
            closer = ">" if ch == "<" else ";"
            out.append(ch)
        elif ch in _SIGNIFICANT:
            out.append(ch if seen < head or seen >= significant - tail else MASK)
            seen += 1
        else:
            out.append(ch)
    return "".join(out)
