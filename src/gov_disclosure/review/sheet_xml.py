"""A worksheet's cells as text, fast: the sheet XML marked up as bytes, its text decoded by
libxml2.

Reading a sheet element by element (``iterparse`` and a Python call per cell) costs a few
microseconds a cell: most of the time of screening a 低保 list. This path leaves the per-cell
work to C: it marks shared-string indices and numbers written with an exponent, drops
formulas, then replaces the tags themselves with private-use marker characters (one before
each cell, one before each row) with C-level regular expressions and ``bytes.replace``.
What is left of a plain sheet (plain or inline strings, numbers, empty cells) is text with
markers and entities, which lxml decodes in one text node; splitting it at the markers gives
the lines. A sheet with other tags (rich text, phonetic guides) is parsed instead in chunks of
rows, its text taken by libxml2 (``method="text"``). Either way the lines are the ones
:func:`.spreadsheets.read_xlsx`'s element-by-element reading gives
(``tests/test_review_sheet_xml.py`` compares the two, on real workbooks and generated XML).

It declines (returns None) whatever it cannot read exactly: namespace prefixes or
declarations in the data, another encoding than UTF-8, comments, CDATA, DOCTYPE, whitespace
between tags, attributes written unusually, cells holding other elements, or the marker
characters in the file itself; the caller then reads the sheet element by element.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK_BYTES = 1 << 20  # parsed a chunk at a time: memory stays flat for big sheets

_CELL, _ROW, _SHARED, _NUM, _NUM_END = (chr(0xE000 + i) for i in range(1, 6))
_B_CELL, _B_ROW, _B_SHARED = _CELL.encode(), _ROW.encode(), _SHARED.encode()
# a shared-string index runs from its marker to the cell's end: the next cell or row marker
_SHARED_REF = re.compile(f"{_SHARED}([^{_CELL}{_ROW}]*)")
_NUM_REF = re.compile(f"{_NUM}([^{_NUM_END}]*){_NUM_END}")
_SST = (b"<sst", b"</sst>")
_DATA = (b"<sheetData", b"</sheetData>")
_RUN_PROPERTIES = re.compile(rb'<rPr>(?:<\w+(?: \w+="[^"<>]*")*/>)*+</rPr>')
_RUN_TAGS = (b"</si>", b"<r>", b"</r>", b'<t xml:space="preserve">', b"<t>", b"</t>", b"<t/>")
_PHONETIC = re.compile(rb"<rPh\b[^>]*?(?:/>|>.*?</rPh>)", re.S)
_RAW_MARKERS = re.compile(rb"\xee\x80[\x80-\x8f]")
_MARKER_ENTITIES = re.compile(rb"&#(?:0*5734[4-9]|0*5735\d|[xX]0*[eE]00[0-9a-fA-F]);")
_ENCODING = re.compile(rb"""encoding=["'](?!utf-?8["'])""", re.I)
_PREFIXED = re.compile(rb"xmlns:[\w.-]+=[\"']" + re.escape(NS))
# whitespace text outside a <t>, <v> or <f> (pretty-printing): not in the element-by-element text
_LOOSE_SPACE = re.compile(rb">[ \t\r\n]+<(?!/[tvf]>)")
# comments, CDATA, DOCTYPE, processing instructions, attributes written unusually, a cell
# tag split by a line, other namespaces' or extension elements, a cell with both a value
# and an inline string: what the chunked parse would not read exactly
_MARKUP = (b"<!", b"<?")
_ODD = (*_MARKUP, b"='", b"= ", b" =", b"<c\t", b"<c\n", b"<c\r", b"<extLst", b"</v><is>")
_ODD_PREFIXED = re.compile(rb"</?[\w.-]+:")
# The plain tags, each with the end of the cell before it where there is one: a cell's
# start (with the start of its value or inline string) and a row's start (with the end of
# the row before). Once they are replaced, only the last row's end may be left.
_ATTRS = rb'(?: [\w:.-]++="[^"<>]*+")*+'  # possessive: no backtracking
_CELL_END = rb"(?:/t></is></c>|/v></c>|/c>)"
_CELL_START = re.compile(
    rb"<(?:" + _CELL_END + rb"<)?c" + _ATTRS
    + rb'(?:/>|>(?:<v>|<is><t>|<is><t xml:space="preserve">)?)'
)  # fmt: skip
_ROW_START = re.compile(rb"<(?:(?:" + _CELL_END + rb"<)?/row><)?row" + _ATTRS + rb"/?>")
_LAST_ROW_END = re.compile(rb"<(?:" + _CELL_END + rb"<)?/row>\Z")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>[^<]*</f>)")
_INLINE_FORMULA = re.compile(rb"<c\b[^>]*\st=\"inlineStr\"[^>]*><f\b")
_SHARED_VALUE = b' t="s"><v>'  # how Excel and LibreOffice write it: the type last
_SHARED_CELL = re.compile(rb"(<c\b[^>]*?\st=\"s\"[^>]*>)<v>")
_NUMBER_HINT = re.compile(rb"<v>[^<]*(?:[Ee&]|\.0<)")
_NUMBER_CELL = re.compile(
    rb"(<c\b(?:(?!\st=)[^>])*?(?:\st=\"n\"[^>]*?)?>)<v>([^<]*(?:[Ee&][^<]*|\.0))</v>"
)


def sheet_lines(
    xml: bytes, shared: list[str], number_text: Callable[[str], str]
) -> list[str] | None:
    """The sheet's rows as lines (cells tab-joined), or None to decline (see the module)."""
    data = _readable(xml, _DATA)
    if data is None or _has_markers(data, entities=False):
        return None
    if b"<f" in data:
        if _INLINE_FORMULA.search(data):  # an inline string's formula is part of its text
            return None
        data = _FORMULA.sub(b"", data)
    shared_cells = data.count(b't="s"')
    if shared_cells and shared_cells == data.count(_SHARED_VALUE):  # C-level
        data = data.replace(_SHARED_VALUE, _SHARED_VALUE + _B_SHARED)
    elif shared_cells:
        data = _SHARED_CELL.sub(rb"\1<v>" + _B_SHARED, data)
    if _NUMBER_HINT.search(data):
        data = _NUMBER_CELL.sub(
            rb"\1<v>" + _NUM.encode() + rb"\2" + _NUM_END.encode() + rb"</v>", data
        )
    plain = _plain(data)
    if plain is not None:
        text = None if _has_markers(plain, entities=True) else _decoded(plain)
    elif not _has_markers(data, entities=True):
        text = _marked_text(data)
    else:
        text = None
    if text is None:
        return None
    if _SHARED in text:  # split at the indices, then each replaced by its string, in C
        parts = _SHARED_REF.split(text)
        parts[1::2] = map(shared.__getitem__, map(int, parts[1::2]))
        text = "".join(parts)
    if _NUM in text:
        text = _NUM_REF.sub(lambda m: _number(m[1], number_text), text)
    if not text:
        return []
    # Each row is ROW CELL a CELL b: the first marker of a row's cells starts it, the others
    # part cells; whatever precedes the first row marker is empty.
    return text.replace(_ROW + _CELL, _ROW).replace(_CELL, "\t").split(_ROW)[1:]


def _number(value: str, number_text: Callable[[str], str]) -> str:
    """A marked number cell's value as the element-by-element reader prints it."""
    if "E" in value or "e" in value or value.endswith(".0"):
        return number_text(value)
    return value  # marked for an entity, which decoding has resolved


def _plain(data: bytes) -> bytes | None:
    """A sheet of plain cells with every tag replaced by a marker (or nothing) in C: text
    with markers and entities; None when other tags are left (rich text, phonetic guides,
    anything unusual)."""
    data = _CELL_START.sub(_B_CELL, data)  # first: then few tags are left to look at
    data = _ROW_START.sub(_B_ROW, data)
    data = _LAST_ROW_END.sub(b"", data)
    return None if b"<" in data else data


def _decoded(plain: bytes) -> str:
    """The text of tag-free bytes: entities decoded by libxml2, a chunk at a time (each
    ends before a marker: never inside an entity)."""
    out: list[str] = []
    start = 0
    while start < len(plain):
        end = plain.find(_B_ROW, start + CHUNK_BYTES)
        end = plain.find(_B_CELL, start + CHUNK_BYTES) if end < 0 else end
        end = len(plain) if end < 0 else end
        root = etree.fromstring(b"<x>" + plain[start:end] + b"</x>", parser=_PARSER)
        out.append(root.text or "")
        start = end
    return "".join(out)


def _marked_text(data: bytes) -> str | None:
    """The text of a sheet with other tags: markers put before the cells and rows, then
    parsed in chunks of rows; None when it holds what that cannot read exactly."""
    if any(odd in data for odd in _ODD) or _ODD_PREFIXED.search(data):
        return None
    if data.count(b"<is>") != data.count(b't="inlineStr"'):  # an inline string in a value cell
        return None
    data = data.replace(b"<c ", _B_CELL + b"<c ").replace(b"<c>", _B_CELL + b"<c>")
    data = data.replace(b"<c/>", _B_CELL + b"<c/>").replace(b"<row", _B_ROW + b"<row")
    return "".join(_chunks_text(data, b"sheetData", b"</row>"))


def shared_strings(xml: bytes) -> list[str] | None:
    """The shared-string table (rich text: the runs' text, not the phonetic guide), or None
    to decline."""
    data = _readable(xml, _SST)
    if data is None or _has_markers(data, entities=False):
        return None
    # plain strings and runs of rich text: the tags replaced in C, the text decoded
    plain = data.replace(b'<si><t xml:space="preserve">', _B_CELL).replace(b"</t></si>", b"")
    if b"<" in plain:  # the common forms first, then the others
        plain = _RUN_PROPERTIES.sub(b"", plain) if b"<rPr>" in plain else plain
        plain = plain.replace(b"<si>", _B_CELL).replace(b"<si/>", _B_CELL)
        for tag in _RUN_TAGS:
            plain = plain.replace(tag, b"")
    if b"<" not in plain:
        return None if _has_markers(plain, entities=True) else _decoded(plain).split(_CELL)[1:]
    if any(odd in data for odd in _MARKUP) or _ODD_PREFIXED.search(data):
        return None
    if _has_markers(data, entities=True):
        return None
    if b"<rPh" in data:
        data = _PHONETIC.sub(b"", data)
    data = data.replace(b"<si>", _B_CELL + b"<si>").replace(b"<si/>", _B_CELL)
    text = "".join(_chunks_text(data, b"sst", b"</si>"))
    return text.split(_CELL)[1:]


def _readable(xml: bytes, part: tuple[bytes, bytes]) -> bytes | None:
    """The content of the element ``part`` names (its start and end tags), or None when this
    path cannot read it exactly."""
    opening, closing = part
    start = xml.find(opening)
    head_end = xml.find(b">", start) + 1
    if start < 0 or not head_end or xml[start + len(opening)] not in b" />":
        return None
    head = xml[:head_end]
    if b'xmlns="' + NS + b'"' not in head or b"<!" in head:
        return None
    if _PREFIXED.search(head) or _ENCODING.search(head):
        return None
    if xml[head_end - 2 : head_end] == b"/>":
        return b""
    end = xml.rfind(closing)
    if end < head_end:
        return None
    data = xml[head_end:end]
    if b"xmlns" in data or _LOOSE_SPACE.search(xml, head_end - 1, end + 1):
        return None
    return data


def _has_markers(data: bytes, *, entities: bool) -> bool:
    """Whether ``data`` holds this module's marker characters: as UTF-8 bytes, or (with
    ``entities``) as character references."""
    if not entities:
        return b"\xee" in data and _RAW_MARKERS.search(data) is not None
    found = b"&#5" in data or b"&#x" in data or b"&#X" in data
    return found and _MARKER_ENTITIES.search(data) is not None


def _chunks_text(data: bytes, wrapper: bytes, end_tag: bytes) -> list[str]:
    """The text of ``data`` (children of a ``wrapper`` element), parsed a chunk of whole
    elements (ending with ``end_tag``) at a time."""
    out: list[str] = []
    start = 0
    while start < len(data):
        end = data.find(end_tag, start + CHUNK_BYTES)
        end = len(data) if end < 0 else end + len(end_tag)
        doc = b"<" + wrapper + b' xmlns="' + NS + b'">' + data[start:end] + b"</" + wrapper + b">"
        root = etree.fromstring(doc, parser=_PARSER)
        out.append(etree.tostring(root, method="text", encoding="unicode"))
        start = end
    return out


_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
