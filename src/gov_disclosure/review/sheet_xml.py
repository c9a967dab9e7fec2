"""A worksheet's cells as text, fast: the sheet XML marked up as bytes, then parsed in chunks.

Reading a sheet element by element (``iterparse`` and a Python call per cell) costs a few
microseconds a cell: most of the time of screening a 低保 list. This path leaves the per-cell
work to libxml2: it puts private-use marker characters into the XML *bytes* (C-level
``bytes.replace`` and template substitutions) before each cell and at the end of each row,
marks shared-string indices and numbers written with an exponent, drops formulas, then lets
lxml parse chunks of rows and return their text (``method="text"``, entities decoded in C).
Splitting that text at the markers gives the same lines :func:`.spreadsheets.read_xlsx`'s
element-by-element reading gives (``tests/test_review_sheet_xml.py`` compares the two).

It declines (returns None) whatever it cannot read exactly: namespace prefixes, comments,
CDATA, DOCTYPE, whitespace between tags, or the marker characters in the file itself; the
caller then reads the sheet element by element.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK_BYTES = 1 << 20  # parsed a chunk of rows at a time: memory stays flat for big sheets

_CELL, _ROW, _SHARED, _SHARED_END, _NUM, _NUM_END = (chr(0xE000 + i) for i in range(1, 7))
_SHARED_REF = re.compile(f"{_SHARED}([^{_SHARED_END}]*){_SHARED_END}")
_NUM_REF = re.compile(f"{_NUM}([^{_NUM_END}]*){_NUM_END}")
_SST = (b"<sst", b"</sst>")
_PHONETIC = re.compile(rb"<rPh\b[^>]*?(?:/>|>.*?</rPh>)", re.S)
_RAW_MARKERS = re.compile(
    rb"\xee\x80[\x80-\x8f]|&#(?:0*5734[4-9]|0*5735\d|[xX]0*[eE]00[0-9a-fA-F]);"
)
# comments, CDATA, DOCTYPE, processing instructions, pretty-printing, single-quoted attributes
_DECLINE = (b"<!", b"<?", b">\n", b">\r\n", b"='")
_PREFIXED = re.compile(rb"xmlns:[\w.-]+=[\"']" + re.escape(NS))
_NUMBER_HINT = re.compile(rb"<v>[^<]*(?:[Ee]|\.0<)")
_DATA = (b"<sheetData", b"</sheetData>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>[^<]*</f>)")
_EMPTY_ROW = re.compile(rb"(<row\b[^>]*?)/>")
_SHARED_CELL = re.compile(rb"(<c\b[^>]*?\st=\"s\"[^>]*>)<v>([^<]*)</v>")
_NUMBER_CELL = re.compile(
    rb"(<c\b(?:(?!\st=)[^>])*?(?:\st=\"n\"[^>]*?)?>)<v>([^<]*(?:[Ee][^<]*|\.0))</v>"
)


def sheet_lines(
    xml: bytes, shared: list[str], number_text: Callable[[str], str]
) -> list[str] | None:
    """The sheet's rows as lines (cells tab-joined), or None to decline (see the module)."""
    data = _readable(xml, _DATA)
    if data is None:
        return None
    if b"<f" in data:
        data = _FORMULA.sub(b"", data)
    if b"/>" in data:
        data = _EMPTY_ROW.sub(rb"\1></row>", data)
    if b't="s"' in data:
        data = _SHARED_CELL.sub(
            rb"\1<v>" + _SHARED.encode() + rb"\2" + _SHARED_END.encode() + rb"</v>", data
        )
    data = _NUMBER_CELL.sub(rb"\1<v>" + _NUM.encode() + rb"\2" + _NUM_END.encode() + rb"</v>", data)
    cell, row = _CELL.encode(), _ROW.encode()
    data = data.replace(b"<c ", cell + b"<c ").replace(b"<c>", cell + b"<c>")
    data = data.replace(b"<c/>", cell + b"<c/>").replace(b"</row>", row + b"</row>")
    text = "".join(_chunks_text(data, b"sheetData", b"</row>"))
    if _SHARED in text:
        text = _SHARED_REF.sub(lambda m: shared[int(m[1])], text)
    if _NUM in text:
        text = _NUM_REF.sub(lambda m: number_text(m[1]), text)
    if not text:
        return []
    # Each row is CELL a CELL b ROW: the first marker of a row starts it, the others part cells.
    text = text.replace(_ROW + _CELL, _ROW).removeprefix(_CELL)
    lines = text.replace(_CELL, "\t").split(_ROW)
    lines.pop()  # after the last row's marker
    return lines


def shared_strings(xml: bytes) -> list[str] | None:
    """The shared-string table (rich text: the runs' text, not the phonetic guide), or None
    to decline."""
    data = _readable(xml, _SST)
    if data is None:
        return None
    if b"<rPh" in data:
        data = _PHONETIC.sub(b"", data)
    data = data.replace(b"<si>", _CELL.encode() + b"<si>").replace(b"<si/>", _CELL.encode())
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
    if b'xmlns="' + NS + b'"' not in head or _PREFIXED.search(head):
        return None
    if xml[head_end - 2 : head_end] == b"/>":
        return b""
    end = xml.rfind(closing)
    if end < head_end:
        return None
    data = xml[head_end:end]
    if any(bad in data for bad in _DECLINE):
        return None
    if (b"\xee\x80" in data or b"&#573" in data or b"&#x" in data or b"&#X" in data) and (
        _RAW_MARKERS.search(data)
    ):
        return None
    return data


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
