"""How carriers count and split a text message (短信计费条数).

A message is sent as GSM-7 when every character is in the GSM 03.38 default alphabet (or its
extension table), else as UCS-2:

- GSM-7: 160 septets in one message, 153 per part when split; extension characters
  (``| ^ € { } [ ] ~ \\`` and form feed) take two septets (escape + char) and an escape pair
  is never split across parts.
- UCS-2: 70 UTF-16 code units in one message, 67 per part when split; characters outside the
  Basic Multilingual Plane (emoji, rare CJK) take two units and a surrogate pair is never split.

Chinese providers count the signature (``【示例镇人民政府】``) in the length, so callers count
the full text the handset shows, signature included.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Encoding(StrEnum):
    """The data coding a carrier picks for a message."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


# GSM 03.38 default alphabet, in code order 0x00-0x7F (0x1B, the escape, is left out).
_GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs the escape septet plus itself.
_GSM_EXTENDED = "\f^{}\\[~]|€"

GSM_BASIC: frozenset[str] = frozenset(_GSM_BASIC)
GSM_EXTENDED: frozenset[str] = frozenset(_GSM_EXTENDED)


@dataclass(frozen=True)
class Limits:
    """Units per message: ``single`` when the text fits one, else ``per_part``."""

    single: int
    per_part: int


LIMITS: dict[Encoding, Limits] = {
    Encoding.GSM7: Limits(single=160, per_part=153),
    Encoding.UCS2: Limits(single=70, per_part=67),
}


def encoding(text: str) -> Encoding:
    """GSM-7 when every character is in the GSM alphabet (basic or extension), else UCS-2."""
    for ch in text:
        if ch not in GSM_BASIC and ch not in GSM_EXTENDED:
            return Encoding.UCS2
    return Encoding.GSM7


def char_units(ch: str, enc: Encoding) -> int:
    """Units one character takes: septets in GSM-7, UTF-16 code units in UCS-2."""
    if enc is Encoding.GSM7:
        return 2 if ch in GSM_EXTENDED else 1
    return 2 if ord(ch) > 0xFFFF else 1


def length(text: str) -> int:
    """Length in the units of the text's encoding (septets or UTF-16 code units)."""
    enc = encoding(text)
    return sum(char_units(ch, enc) for ch in text)


def split(text: str) -> list[str]:
    """The parts a carrier sends, never cutting an escape pair or a surrogate pair.

    An empty text has no parts.
    """
    if not text:
        return []
    enc = encoding(text)
    limits = LIMITS[enc]
    units = [char_units(ch, enc) for ch in text]
    if sum(units) <= limits.single:
        return [text]
    parts: list[str] = []
    start, used = 0, 0
    for i, cost in enumerate(units):
        if used + cost > limits.per_part:
            parts.append(text[start:i])
            start, used = i, 0
        used += cost
    parts.append(text[start:])
    return parts


def count_parts(text: str) -> int:
    """How many billed messages the text takes (0 for an empty text)."""
    return len(split(text))


@dataclass(frozen=True)
class Segmentation:
    """The count of one text: encoding, length in units and parts."""

    encoding: Encoding
    length: int
    parts: int

    @classmethod
    def of(cls, text: str) -> Segmentation:
        return cls(encoding=encoding(text), length=length(text), parts=count_parts(text))
