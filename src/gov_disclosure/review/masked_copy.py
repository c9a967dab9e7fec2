"""Masked copies of attachments, each in its own format.

- ``.xlsx``/``.xlsm``: openpyxl edits the cells in place (styles, widths, merged cells, hidden
  sheets stay; a phone typed into a number cell becomes the masked text); comments and page
  headers/footers are masked too. openpyxl does not keep charts and pictures: a workbook with
  them loses them in the copy (a 公示 list rarely has any).
- ``.xls``: xlrd reads it, the cells (values only, hidden sheets stay hidden) are masked into an
  ``.xlsx``, which LibreOffice converts back to ``.xls`` when it is installed
  (:mod:`.xls_copy`); without LibreOffice the copy stays an ``.xlsx``.
- ``.docx``: every ``w:t`` (and tracked-deletion ``w:delText``) of every paragraph in the body,
  tables, headers, footers, comments, footnotes and endnotes; a number split across runs is
  masked because the masked text has the original's length, so each run gets its own slice
  back and keeps its formatting. Other parts are copied byte for byte.
- ``.csv``, ``.txt``, ``.md``, ``.html``: the decoded text, masked, written as UTF-8 (``.csv``
  with a BOM so Excel reads it); markup between digits stays.
- ``.pdf``: a copy is made only when there is nothing to mask; otherwise the error says to mask
  the source document (.docx/.xlsx) and make the PDF again.

The original is never changed; ``keep`` numbers (the office's own) stay in clear.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .limits import UnreadableDocumentError, check_size
from .masking import mask
from .personal_data import find_personal_data
from .readers import TEXT_SUFFIXES, read_attachment
from .textio import read_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_TEXT_PARTS = ("word/document.xml", "word/comments.xml", "word/footnotes.xml")
_DOCX_TEXT_PREFIXES = ("word/header", "word/footer", "word/endnotes")


@dataclass(frozen=True)
class MaskedCopy:
    """A masked copy: where it is, its display name (an ``.xls`` becomes an ``.xlsx`` when
    LibreOffice is missing), and how many personal data it masked (0: the copy equals the
    original's content)."""

    path: Path
    name: str
    masked: int


def masked_name(name: str) -> str:
    """The display name of the masked copy of ``name`` (:func:`.xls_copy.masked_suffix`)."""
    from .xls_copy import masked_suffix

    path = Path(name)
    return str(path.with_suffix(masked_suffix())) if path.suffix.lower() == ".xls" else name


def mask_file(
    source: str | Path, target: str | Path, *, name: str | None = None, keep: Collection[str] = ()
) -> MaskedCopy:
    """Write a masked copy of ``source`` to ``target`` (atomically; nothing on failure).

    ``name`` is the display name that gives the format (for files stored by their hash).
    """
    source, target = Path(source), Path(target)
    name = name or source.name
    suffix = Path(name).suffix.lower()
    check_size(source, name)
    writer = _WRITERS.get(suffix)
    if writer is None:
        raise UnreadableDocumentError(
            name, f"无法为 {suffix or '无扩展名'} 文件生成遮盖副本 (cannot mask {suffix} files)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        count = writer(source, tmp, name, frozenset(keep))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return MaskedCopy(target, masked_name(name), count)


def _count(texts: Iterable[str], keep: Collection[str]) -> int:
    return sum(len(find_personal_data(t, keep)) for t in texts)


def _mask_text_file(source: Path, target: Path, name: str, keep: frozenset[str]) -> int:
    text = read_text(source, name)
    encoding = "utf-8-sig" if Path(name).suffix.lower() == ".csv" else "utf-8"
    target.write_text(mask(text, keep), encoding=encoding, newline="")
    return _count([text], keep)


def _mask_pdf(source: Path, target: Path, name: str, keep: frozenset[str]) -> int:
    found = _count([read_attachment(source, name)], keep)
    if found:
        raise UnreadableDocumentError(
            name,
            f"PDF 中有 {found} 处个人信息，无法直接遮盖：请遮盖源文件（.docx/.xlsx）后重新生成 PDF"
            " (a PDF cannot be masked in place: mask its source document)",
        )
    shutil.copyfile(source, target)
    return 0


def _mask_xlsx(source: Path, target: Path, name: str, keep: frozenset[str]) -> int:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:  # from an open file: a stored file has no suffix, which openpyxl would refuse
        with source.open("rb") as fh:
            book = openpyxl.load_workbook(fh, keep_vba=name.lower().endswith(".xlsm"))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocumentError(
            name, f"文件已损坏，无法读取 (corrupt workbook: {exc})"
        ) from None
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                count += _mask_cell(cell, keep)
        for hf in _headers_footers(sheet):
            for part in (hf.left, hf.center, hf.right):
                if part.text:
                    masked = mask(part.text, keep)
                    count += masked != part.text
                    part.text = masked
    book.save(target)
    return count


def _mask_cell(cell: Any, keep: frozenset[str]) -> int:
    count = 0
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
        if len(text) >= 11 and find_personal_data(text, keep):
            cell.value = mask(text, keep)  # a phone typed as a number: now masked text
            count += 1
    elif isinstance(value, str) and value:
        found = find_personal_data(value, keep)
        if found:
            cell.value = mask(value, keep)
            count += len(found)
    if cell.comment is not None and cell.comment.text:
        masked = mask(cell.comment.text, keep)
        if masked != cell.comment.text:
            from openpyxl.comments import Comment

            cell.comment = Comment(masked, cell.comment.author or "")
            count += 1
    return count


def _headers_footers(sheet: Any) -> list[Any]:
    hf = sheet.HeaderFooter
    return [
        hf.oddHeader,
        hf.oddFooter,
        hf.evenHeader,
        hf.evenFooter,
        hf.firstHeader,
        hf.firstFooter,
    ]


def _mask_xls(source: Path, target: Path, name: str, keep: frozenset[str]) -> int:
    import openpyxl
    import xlrd

    from .spreadsheets import read_xls

    read_xls(source, name)  # the same errors as screening (encrypted, corrupt)
    book = xlrd.open_workbook(str(source))
    out = openpyxl.Workbook()
    out.remove(out.active)
    count = 0
    for sheet in book.sheets():
        ws = out.create_sheet(sheet.name[:31])
        if sheet.visibility:
            ws.sheet_state = "hidden"
        for r in range(sheet.nrows):
            ws.append(sheet.row_values(r))
        for row in ws.iter_rows():
            for cell in row:
                count += _mask_cell(cell, keep)
    if not masked_name(name).lower().endswith(".xls"):
        out.save(target)  # no LibreOffice: the copy is an .xlsx
        return count
    from .xls_copy import xlsx_to_xls

    with tempfile.TemporaryDirectory(prefix="masked-xls-") as work:
        xlsx = Path(work) / "masked.xlsx"
        out.save(xlsx)
        xlsx_to_xls(xlsx, target, name, keep)
    return count


def _mask_docx(source: Path, target: Path, name: str, keep: frozenset[str]) -> int:
    from lxml import etree

    count = 0
    try:
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if _is_docx_text_part(info.filename):
                    root = etree.fromstring(data)
                    found = _mask_paragraphs(root, keep)
                    if found:
                        count += found
                        data = etree.tostring(
                            root, xml_declaration=True, encoding="UTF-8", standalone=True
                        )
                dst.writestr(info, data)
    except (zipfile.BadZipFile, KeyError, etree.LxmlError) as exc:
        raise UnreadableDocumentError(
            name, f"文件已损坏，无法读取 (corrupt .docx: {exc})"
        ) from None
    return count


def _is_docx_text_part(part: str) -> bool:
    return part.endswith(".xml") and (
        part in _DOCX_TEXT_PARTS or part.startswith(_DOCX_TEXT_PREFIXES)
    )


def _mask_paragraphs(root: Any, keep: frozenset[str]) -> int:
    """Mask each paragraph's text across its runs; returns how many data were masked."""
    count = 0
    for paragraph in root.iter(f"{_W}p"):
        nodes = [n for n in paragraph.iter(f"{_W}t", f"{_W}delText") if n.text]
        if not nodes:
            continue
        text = "".join(n.text for n in nodes)
        found = find_personal_data(text, keep)
        if not found:
            continue
        count += len(found)
        masked = mask(text, keep)
        pos = 0
        for node in nodes:
            size = len(node.text)
            node.text = masked[pos : pos + size]  # same length: each run keeps its own slice
            pos += size
    return count


_WRITERS = {
    **dict.fromkeys(TEXT_SUFFIXES, _mask_text_file),
    ".docx": _mask_docx,
    ".xlsx": _mask_xlsx,
    ".xlsm": _mask_xlsx,
    ".xls": _mask_xls,
    ".pdf": _mask_pdf,
}
MASKABLE_SUFFIXES = frozenset(_WRITERS)
