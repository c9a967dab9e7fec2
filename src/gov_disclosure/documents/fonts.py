"""Fonts and sizes of GB/T 9704-2012, written where Word reads them.

Word picks the font of Chinese text from ``w:rFonts/@w:eastAsia``; python-docx's ``font.name``
sets only the Latin slots, so every run property built here names all four slots. The fonts
of an office PC (仿宋_GB2312, 楷体_GB2312) cover GB2312 only: characters outside a font's
repertoire (rare name characters such as 堃 or 𠮷) go into runs of a *fallback font*.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
DEFAULT_FALLBACK_FONT = "宋体"

# 字号 in points: 二号 22, 三号 16, 四号 14, 小四 12.
SIZE_2 = 22.0
SIZE_3 = 16.0
SIZE_4 = 14.0
SIZE_SMALL_4 = 12.0

TWIPS_PER_PT = 20
# 156 mm type area / 28 characters; 225 mm / 22 lines.
LINE_PITCH_TWIPS = 579  # ≈ 28.95 pt
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22

_GB2312_FONTS = {FANGSONG, KAITI}
# Windows' GB2312 fonts map A1AA/A1A4 to these, which Python's strict gb2312 codec does not.
_GB2312_EXTRA = frozenset("—·")


@dataclass(frozen=True)
class FontSpec:
    """One font use: the East Asian face, the size in points, bold or not."""

    east_asia: str
    size_pt: float
    bold: bool = False
    latin: str | None = None  # defaults to the East Asian face (仿宋 digits look right)
    spacing: int = 0  # letter spacing in 1/20 pt (w:spacing), see LETTER_SPACING_3

    def without_spacing(self) -> FontSpec:
        return replace(self, spacing=0)

    def with_bold(self) -> FontSpec:
        return replace(self, bold=True)

    @property
    def half_points(self) -> str:
        return str(round(self.size_pt * 2))


# 28 三号 characters on a 156 mm line need a pitch of 15.79 pt: Word's character grid
# ("linesAndChars") takes 0.21 pt off each character; LibreOffice instead gives each 16 pt
# character two grid cells (14 a line). Taking 0.25 pt off by letter spacing gives 28 a line
# in both, so that is the default (``GovDocument(char_grid=True)`` writes Word's grid instead).
LETTER_SPACING_3 = -5

BODY = FontSpec(FANGSONG, SIZE_3, spacing=LETTER_SPACING_3)
TITLE = FontSpec(XIAOBIAOSONG, SIZE_2)
HEADING_1 = FontSpec(HEITI, SIZE_3, spacing=LETTER_SPACING_3)
HEADING_2 = FontSpec(KAITI, SIZE_3, spacing=LETTER_SPACING_3)
MARKING = FontSpec(HEITI, SIZE_3)  # 密级, 紧急程度
RECORD = FontSpec(FANGSONG, SIZE_4)  # 版记
SMALL = FontSpec(FANGSONG, SIZE_4)  # tables, metadata lines
PAGE_NUMBER = FontSpec(SONGTI, SIZE_4)


def set_fonts(
    rpr: etree._Element, spec: FontSpec, face: str | None = None, *, color: str | None = None
) -> None:
    """Write ``spec`` into a ``w:rPr``: all four rFonts slots, bold, letter spacing, size.

    Other properties already there (``w:lang`` …) are kept, in schema order after these.
    """
    face = face or spec.east_asia
    latin = face if face != spec.east_asia else (spec.latin or face)
    mine = {qn(t) for t in ("w:rFonts", "w:b", "w:bCs", "w:color", "w:spacing", "w:sz", "w:szCs")}
    kept = [child for child in rpr if child.tag not in mine]
    for child in list(rpr):
        rpr.remove(child)
    fonts = OxmlElement("w:rFonts")  # no theme slots: they would win over the names
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), face)
    fonts.set(qn("w:cs"), latin)
    rpr.append(fonts)
    if spec.bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    if color:
        el = OxmlElement("w:color")
        el.set(qn("w:val"), color)
        rpr.append(el)
    if spec.spacing:
        el = OxmlElement("w:spacing")
        el.set(qn("w:val"), str(spec.spacing))
        rpr.append(el)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), spec.half_points)
        rpr.append(el)
    rpr.extend(kept)


@lru_cache(maxsize=256)
def _prototype_rpr(spec: FontSpec, face: str | None) -> etree._Element:
    rpr = OxmlElement("w:rPr")
    set_fonts(rpr, spec, face)
    return rpr


def run_properties(spec: FontSpec, face: str | None = None) -> etree._Element:
    """A fresh ``w:rPr`` for ``spec`` (copied from a cached prototype: cheap)."""
    return copy.deepcopy(_prototype_rpr(spec, face))


def covers(face: str, text: str) -> bool:
    """Whether a font named ``face`` (as found on office PCs) has glyphs for all of ``text``."""
    codec = "gb2312" if face in _GB2312_FONTS else "gbk"
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return all(_covers_char(face, ch, codec) for ch in text)
    return True


def _covers_char(face: str, ch: str, codec: str) -> bool:
    if codec == "gb2312" and ch in _GB2312_EXTRA:
        return True
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def split_by_coverage(text: str, face: str) -> list[tuple[str, bool]]:
    """Cut ``text`` into pieces ``(piece, covered)``; uncovered pieces need the fallback font."""
    if covers(face, text):
        return [(text, True)]
    codec = "gb2312" if face in _GB2312_FONTS else "gbk"
    pieces: list[tuple[str, bool]] = []
    for ch in text:
        ok = _covers_char(face, ch, codec)
        if pieces and pieces[-1][1] == ok:
            pieces[-1] = (pieces[-1][0] + ch, ok)
        else:
            pieces.append((ch, ok))
    return pieces


class _Wide(dict[str, bool]):
    """Character → full width? (filled in as met: layout estimates ask for every character)."""

    def __missing__(self, ch: str) -> bool:
        self[ch] = wide = ord(ch) > 0xFF and unicodedata.east_asian_width(ch) in ("W", "F", "A")
        return wide


is_wide = _Wide().__getitem__


def is_wide_code(code: int) -> bool:
    """:func:`is_wide` of the character ``code``."""
    return code > 0xFF and unicodedata.east_asian_width(chr(code)) in ("W", "F", "A")


def display_width(text: str) -> float:
    """Width in body characters: full-width characters count 1, half-width ones ½."""
    wide = sum(map(is_wide, text))
    return wide + (len(text) - wide) * 0.5
