"""Segment counting at the carriers' boundaries, against a reference written here."""

from __future__ import annotations

import pytest
from gov_disclosure_sms import count_parts
from gov_disclosure_sms.segments import Encoding, encoding, split
from hypothesis import given
from hypothesis import strategies as st

# GSM 03.38 default alphabet as code points (the standard's mapping table), escape excluded.
GSM_BASIC_CP = (
    {
        0x40,
        0xA3,
        0x24,
        0xA5,
        0xE8,
        0xE9,
        0xF9,
        0xEC,
        0xF2,
        0xC7,
        0x0A,
        0xD8,
        0xF8,
        0x0D,
        0xC5,
        0xE5,
        0x394,
        0x5F,
        0x3A6,
        0x393,
        0x39B,
        0x3A9,
        0x3A0,
        0x3A8,
        0x3A3,
        0x398,
        0x39E,
        0xC6,
        0xE6,
        0xDF,
        0xC9,
        0xA4,
        0xA1,
        0xC4,
        0xD6,
        0xD1,
        0xDC,
        0xA7,
        0xBF,
        0xE4,
        0xF6,
        0xF1,
        0xFC,
        0xE0,
    }
    | set(range(0x20, 0x24))
    | set(range(0x25, 0x40))
    | set(range(0x41, 0x5B))
    | set(range(0x61, 0x7B))
)
GSM_EXT_CP = {0x0C, 0x5E, 0x7B, 0x7D, 0x5C, 0x5B, 0x7E, 0x5D, 0x7C, 0x20AC}


def reference_parts(text: str) -> int:
    """Greedy packing per GSM 03.38 / 3GPP 23.040, written independently of the library."""
    if not text:
        return 0
    gsm = all(ord(c) in GSM_BASIC_CP or ord(c) in GSM_EXT_CP for c in text)
    if gsm:
        costs = [2 if ord(c) in GSM_EXT_CP else 1 for c in text]
        single, per_part = 160, 153
    else:
        costs = [len(c.encode("utf-16-le")) // 2 for c in text]
        single, per_part = 70, 67
    if sum(costs) <= single:
        return 1
    parts, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            parts, used = parts + 1, 0
        used += cost
    return parts


BOUNDARIES = [
    ("", 0),
    ("a" * 160, 1),
    ("a" * 161, 2),
    ("a" * 306, 2),
    ("a" * 307, 3),
    ("a" * 153 * 3, 3),
    ("a" * 153 * 3 + "b", 4),
    ("中" * 70, 1),
    ("中" * 71, 2),
    ("中" * 134, 2),
    ("中" * 135, 3),
    ("中" * 201, 3),
    ("中" * 202, 4),
    ("a" * 69 + "中", 1),  # one Chinese character makes the whole text UCS-2
    ("a" * 70 + "中", 2),
    ("€" * 80, 1),  # 160 septets
    ("€" * 80 + "a", 2),
    ("a" * 159 + "€", 2),  # 161 septets
    ("a" * 152 + "€" + "a" * 152, 3),  # the escape pair cannot straddle parts 1 and 2
    ("中" * 68 + "😀", 1),  # 70 UTF-16 units
    ("中" * 69 + "😀", 2),  # 71
    ("😀" * 35, 1),
    ("😀" * 36, 2),
    ("中" * 66 + "😀" + "中" * 66, 3),  # 134 units, but the surrogate pair moves to part 2
    ("【示例镇人民政府】" + "a" * 61, 1),  # the signature counts: 9 + 61 = 70
    ("【示例镇人民政府】" + "a" * 62, 2),
]


@pytest.mark.parametrize(("text", "expected"), BOUNDARIES)
def test_boundaries(text: str, expected: int) -> None:
    assert reference_parts(text) == expected  # the reference agrees with the arithmetic
    assert count_parts(text) == expected


def test_encoding_choice() -> None:
    assert encoding("Hello {world} €5") is Encoding.GSM7
    assert encoding("Hello 世界") is Encoding.UCS2
    assert encoding("naïve") is Encoding.UCS2  # ï is not in the GSM alphabet
    assert encoding("ñandú") is Encoding.UCS2  # ú is not either (ñ is)


def test_split_never_cuts_pairs() -> None:
    text = "中" * 66 + "😀" + "中" * 66
    parts = split(text)
    assert "".join(parts) == text
    assert all(len(p.encode("utf-16-le")) // 2 <= 67 for p in parts)
    gsm = "a" * 152 + "€" + "a" * 152
    gsm_parts = split(gsm)
    assert gsm_parts[0] == "a" * 152 and gsm_parts[1].startswith("€")


@given(st.text(alphabet=st.sampled_from("ab{€ 中文😀é\n"), max_size=400))
def test_matches_reference_on_random_text(text: str) -> None:
    assert count_parts(text) == reference_parts(text)
    assert "".join(split(text)) == text
