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

MASK = "*"
_SIGNIFICANT = frozenset("0123456789０１２３４５６７８９XxＸｘ")


def mask(text: str, keep: Collection[str] = ()) -> str:
    """``text`` with every personal datum (ID, mobile, card, landline, e-mail) masked, except
    the numbers in ``keep`` (the office's own published numbers; any written form)."""
    # Imported here: personal_data imports this module's ``mask_value`` for its suggestions.
    from .personal_data import find_personal_data

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
    from .personal_data import strip_markup

    return strip_markup(value)


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
