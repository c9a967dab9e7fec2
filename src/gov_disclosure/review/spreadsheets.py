"""Reading workbooks for screening: every cell of every sheet, hidden sheets included.

``.xlsx`` is read straight from its XML parts with lxml: the shared-string table, inline
strings, numbers and cached formula results of every worksheet, cell comments, and page
headers/footers. The cells' text is taken by libxml2 in chunks of rows (:mod:`.sheet_xml`);
a part that path declines is read element by element with the streaming parser. Both are
many times faster than openpyxl, which matters for a 10,000-row 低保 list (openpyxl writes
the masked copies, see :mod:`.masked_copy`). ``.xls`` (Excel 97-2003) is read with xlrd. A
cell holding a number prints as the number (``13812345678``, not ``1.38e10``), so a phone
typed into a number cell is found.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .limits import UnreadableDocumentError
from .sheet_xml import shared_strings, sheet_lines

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CORRUPT = "文件已损坏，无法读取 (corrupt workbook: {})"
_HEADER_FOOTER = re.compile(rb"<headerFooter\b[^>]*?(?:/>|>.*?</headerFooter>)", re.S)


def read_xlsx(path: str | Path, name: str | None = None) -> str:
    """The cells of every sheet (a row a line, cells tab-joined), then comments and headers."""
    from lxml import etree

    path = Path(path)
    name = name or path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.namelist()
            shared = _shared_strings(archive) if "xl/sharedStrings.xml" in parts else []
            lines: list[str] = []
            for part in sorted(p for p in parts if p.startswith("xl/worksheets/sheet")):
                xml = archive.read(part)
                fast = sheet_lines(xml, shared, _number_text)
                if fast is None:
                    lines.extend(_sheet_lines(io.BytesIO(xml), shared))
                else:
                    lines.extend(fast)
                    lines.extend(_header_footer_lines(xml))
            for part in sorted(p for p in parts if p.startswith("xl/comments")):
                root = etree.fromstring(archive.read(part))
                lines.extend("".join(c.itertext()) for c in root.iter(f"{_S}comment"))
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, etree.LxmlError) as exc:
        raise UnreadableDocumentError(name, _CORRUPT.format(exc)) from None
    return "\n".join(lines)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    fast = shared_strings(archive.read("xl/sharedStrings.xml"))
    if fast is not None:
        return fast
    out: list[str] = []
    with archive.open("xl/sharedStrings.xml") as fh:
        for _, si in etree.iterparse(fh, tag=f"{_S}si"):
            # rich text: the runs' <t>, not the phonetic guide (<rPh>)
            out.append("".join(t.text or "" for t in si.iter(f"{_S}t") if _not_phonetic(t)))
            si.clear()
    return out


def _header_footer_lines(xml: bytes) -> Iterator[str]:
    from lxml import etree

    start = xml.find(b"<headerFooter")  # C-level: the regex only where one is
    if start < 0:
        return
    for found in _HEADER_FOOTER.finditer(xml, start):
        el = etree.fromstring(found.group())
        yield "\t".join(t for t in el.itertext() if t.strip())


def _not_phonetic(t: object) -> bool:
    parent = t.getparent()  # type: ignore[attr-defined]
    return parent is None or parent.tag != f"{_S}rPh"


def _sheet_lines(fh: object, shared: list[str]) -> Iterator[str]:
    from lxml import etree

    row_tag, hf_tag = f"{_S}row", f"{_S}headerFooter"
    for _, el in etree.iterparse(fh, tag=(row_tag, hf_tag)):
        if el.tag == hf_tag:
            yield "\t".join(t for t in el.itertext() if t.strip())
            continue
        cells = [_cell_text(c, shared) for c in el.iterchildren(f"{_S}c")]
        yield "\t".join(cells)
        el.clear()
        while el.getprevious() is not None:  # free the rows already read
            del el.getparent()[0]


def _cell_text(cell: object, shared: list[str]) -> str:
    kind = cell.get("t")  # type: ignore[attr-defined]
    if kind == "inlineStr":
        return "".join(cell.itertext())  # type: ignore[attr-defined]
    value = cell.findtext(f"{_S}v")  # type: ignore[attr-defined]
    if value is None:
        return ""
    if kind == "s":
        return shared[int(value)]
    if kind in (None, "n") and ("E" in value or "e" in value or value.endswith(".0")):
        return _number_text(value)
    return value


def _number_text(value: str) -> str:
    """``1.3812345678E10`` → ``13812345678`` (a whole number shows as one)."""
    try:
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() and abs(number) < 1e21 else value


def read_xls(path: str | Path, name: str | None = None) -> str:
    """Every cell of every sheet of an Excel 97-2003 workbook (xlrd)."""
    import xlrd

    path = Path(path)
    name = name or path.name
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise UnreadableDocumentError(
                name, "文件受密码保护（已加密），请提供未加密的文件 (password-protected)"
            ) from None
        raise UnreadableDocumentError(name, _CORRUPT.format(exc)) from None
    except (OSError, ValueError, AssertionError, IndexError, KeyError) as exc:
        raise UnreadableDocumentError(name, _CORRUPT.format(exc)) from None
    lines: list[str] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            for r in range(sheet.nrows):
                lines.append("\t".join(_xls_cell(v) for v in sheet.row_values(r)))
            book.unload_sheet(index)
    except (xlrd.XLRDError, ValueError, AssertionError, IndexError, KeyError) as exc:
        raise UnreadableDocumentError(name, _CORRUPT.format(exc)) from None
    finally:
        book.release_resources()
    return "\n".join(lines)


def _xls_cell(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)
