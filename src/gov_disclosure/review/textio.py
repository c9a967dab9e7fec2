"""Reading the text to screen: plain-text files in any common Chinese encoding, and .docx
(:mod:`.readers` picks the reader for every other format).

Text files: UTF-8 (with or without BOM) and UTF-16 with a BOM are read directly; otherwise
charset-normalizer picks among the Chinese legacy encodings (GBK/GB2312 are read as their
superset GB18030; Big5 when it is clearly Big5). A file that mixes encodings (UTF-8 lines in a
GBK file or the reverse) or decodes as nothing raises :class:`EncodingError` naming the file
and the byte offset where it went wrong: screening half-decoded text would miss things.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import EncodingError
from .limits import UnreadableDocumentError, check_zip

_LEGACY = ("gb18030", "big5")
_CJK = re.compile("[\u4e00-\u9fff]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# parts python-docx does not read: comments (批注), footnotes, endnotes
_EXTRA_DOCX_PARTS = ("word/comments.xml", "word/footnotes.xml", "word/endnotes.xml")


def extract_text(path: str | Path, suffix: str | None = None) -> str:
    """The text to screen of a file in any format :mod:`.readers` reads.

    ``suffix`` overrides the file's own suffix, for stored files named by their hash. Files
    with no suffix are read as text.
    """
    from .readers import read_attachment

    path = Path(path)
    suffix = (suffix or path.suffix or ".txt").lower()
    return read_attachment(path, f"{path.stem}{suffix}" if suffix != path.suffix else path.name)


def read_text(path: str | Path, name: str | None = None) -> str:
    """Decode a text file, detecting its encoding; raise :class:`EncodingError` if unsure."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocumentError(
            name or str(path), f"cannot read file: {exc.strerror}"
        ) from None
    return decode_bytes(data, name or str(path))


def decode_bytes(data: bytes, source: str = "<bytes>") -> str:
    """Decode ``data`` (see the module docstring); ``source`` names it in errors."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, source, offset=len(bom))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if _first_utf8_line(data[:bad]) is not None:  # Chinese UTF-8 text, then something else
        raise EncodingError(
            source, f"mixed encodings: UTF-8 text, then a byte that is not UTF-8 at byte {bad}"
        )
    encoding = _detect_legacy(data)
    if encoding is None:
        _raise_undetected(data, source, bad)
    text = _strict(data, encoding, source)
    utf8_line = _first_utf8_line(data)
    if utf8_line is not None:
        raise EncodingError(
            source,
            f"mixed encodings: {encoding.upper()} text with a UTF-8 line at byte {utf8_line}",
        )
    return text


def _strict(data: bytes, encoding: str, source: str, offset: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            source, f"not valid {encoding.upper()}: bad byte at byte {exc.start + offset}"
        ) from None


def _detect_legacy(data: bytes) -> str | None:
    """GB18030 unless charset-normalizer finds Big5 clearly better; None when neither fits."""
    matches = list(from_bytes(data, cp_isolation=list(_LEGACY)))
    if not matches:
        return None
    chaos = {m.encoding: m.percent_chaos for m in matches}
    if "gb18030" in chaos and chaos["gb18030"] <= min(chaos.values()):
        return "gb18030"
    return matches[0].encoding


def _raise_undetected(data: bytes, source: str, utf8_bad: int) -> None:
    line = _first_utf8_line(data)
    if line is not None:
        raise EncodingError(
            source, f"mixed encodings: legacy text with a UTF-8 line at byte {line}"
        )
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            source,
            f"neither UTF-8 (bad byte at byte {utf8_bad}) nor GBK/GB18030 "
            f"(bad byte at byte {exc.start})",
        ) from None
    raise EncodingError(
        source, f"unknown encoding: not UTF-8 (bad byte at byte {utf8_bad}) and not clearly GBK"
    )


def _first_utf8_line(data: bytes) -> int | None:
    """Byte offset of the first line that is valid UTF-8 with Chinese in it, if any."""
    offset = 0
    for line in data.split(b"\n"):
        if any(b >= 0x80 for b in line):
            try:
                decoded = line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                if len(_CJK.findall(decoded)) >= 2:
                    return offset
        offset += len(line) + 1
    return None


def read_docx(path: str | Path, name: str | None = None) -> str:
    """Paragraphs and tables in document order, then headers and footers (cells tab-joined),
    then comments, footnotes and endnotes (one paragraph a line)."""
    import docx  # python-docx; imported here so plain-text screening does not load it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    path = Path(path)
    name = name or str(path)
    check_zip(path, name, path.stat().st_size)
    try:
        document = docx.Document(str(path))
        lines = list(_block_lines(document))
        for section in document.sections:
            for part in (section.header, section.footer):
                if not part.is_linked_to_previous:
                    lines.extend(_block_lines(part))
        lines.extend(_extra_part_lines(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        # LxmlError: a part that is not well-formed XML (parsed on load or when first read)
        raise UnreadableDocumentError(
            name, f"文件已损坏，无法读取 (not a readable .docx file: {exc})"
        ) from None
    return "\n".join(lines)


def _extra_part_lines(path: Path) -> Iterator[str]:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        present = set(archive.namelist())
        for part in _EXTRA_DOCX_PARTS:
            if part in present:
                root = etree.fromstring(archive.read(part))
                for p in root.iter(f"{_W}p"):
                    yield "".join(t.text or "" for t in p.iter(f"{_W}t", f"{_W}delText"))
        # text deleted with tracked changes is still in the file: python-docx skips it
        root = etree.fromstring(archive.read("word/document.xml"))
        for p in root.iter(f"{_W}p"):
            deleted = "".join(t.text or "" for t in p.iter(f"{_W}delText"))
            if deleted:
                yield deleted


def _block_lines(container: object) -> Iterator[str]:
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table: object) -> Iterator[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats in every grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(_block_lines(cell)).replace("\n", " "))
        yield "\t".join(cells)
